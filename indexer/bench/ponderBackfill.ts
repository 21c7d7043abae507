/**
 * What a `ponder start` process reports of its backfill: Ponder's own "completed backfill" duration, from its
 * JSON log, and the process's peak resident memory, from the kernel (Linux).
 */
import { readFile } from "node:fs/promises";
import type { Indexer } from "../test/support/ponder.ts";

/** Ponder's "Completed backfill indexing" duration in ms, from its JSON log; null when it did not log one. */
export function backfillDuration(indexer: Indexer): number | null {
  for (const line of indexer.process.output().split("\n")) {
    if (!line.includes("Completed backfill indexing across all chains")) continue;
    try {
      return (JSON.parse(line) as { duration: number }).duration;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The peak resident set of process `pid` so far (`VmHWM`), in MiB: read before the process stops. PGlite runs
 * inside `ponder start`, so on PGlite this is the database's memory too; PostgreSQL's server is not counted.
 */
export async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`/proc/${pid}/status has no VmHWM line`);
  return Number(kib) / 1024;
}
