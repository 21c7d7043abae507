/**
 * The body of `walCheckpointer`'s worker thread: its own connection to the book's file, checkpointing the
 * write-ahead log into the database every `intervalMs` until told to stop.
 */
import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new DatabaseSync(file, { timeout: 1_000 });
// PASSIVE: copies what no reader still needs and never blocks the gateway's writes.
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // Busy or failed this turn: the next turn tries again, and the book's own connection still checkpoints
    // the log past its fallback size, so a stalled worker never lets it grow without bound.
  }
}, intervalMs);
parentPort!.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
