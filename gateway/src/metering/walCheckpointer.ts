/**
 * Checkpoints a SQLite file's write-ahead log from a worker thread, off the gateway's request path. SQLite's
 * automatic checkpoint runs inside the commit that crosses its threshold (1,000 pages): that commit copies the
 * log into the database and, at `synchronous = NORMAL`, fsyncs both, 4-16 ms on this machine, every 200 or so
 * paid calls, in the call being answered. Here a worker with its own connection does it every `intervalMs`; the
 * book's connection keeps an automatic checkpoint only as a fallback at `FALLBACK_PAGES`, should the worker stall.
 * What a commit writes and when it returns are unchanged: durability is as before.
 */
import { Worker } from "node:worker_threads";

/** The book's own automatic checkpoint, past which it checkpoints inside a commit as SQLite does by default. */
export const FALLBACK_PAGES = 10_000;

export type WalCheckpointer = { stop(): void };

/**
 * @example
 * db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_PAGES}`);
 * const checkpointer = walCheckpointer(file);
 * // … commits …
 * checkpointer.stop(); db.close();
 */
export function walCheckpointer(file: string, intervalMs = 100): WalCheckpointer {
  const worker = new Worker(new URL("./walCheckpointWorker.ts", import.meta.url), {
    workerData: { file, intervalMs },
  });
  // The gateway's process ends when its work does, not when the worker's timer would.
  worker.unref();
  // A worker that fails (its file gone before it opened it, say) leaves the fallback checkpoint in charge: the
  // book and the gateway go on, their commits no slower than SQLite's default.
  worker.on("error", () => undefined);
  return {
    stop() {
      worker.postMessage("stop");
    },
  };
}
