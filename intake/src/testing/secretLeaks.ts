/**
 * Where a secret could be read by someone it was not given to, for tests that hand one to a child process: the
 * command lines of the machine's processes (readable by every user in `/proc/<pid>/cmdline`) and the files left
 * in a directory.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The command lines (arguments joined by spaces) of the running processes that hold any of `secrets`. */
export async function commandLinesHolding(secrets: readonly string[]): Promise<string[]> {
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map(async (pid) => {
      try {
        return (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").join(" ");
      } catch {
        // The process ended while the list was read.
        return "";
      }
    }),
  );
  return lines.filter((line) => secrets.some((s) => line.includes(s)));
}

/** The files under `dir` that hold any of `secrets`, by their paths. */
export async function filesHolding(dir: string, secrets: readonly string[]): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const holding = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file);
      return secrets.some((s) => bytes.includes(s)) ? file : undefined;
    }),
  );
  return holding.filter((file) => file !== undefined);
}
