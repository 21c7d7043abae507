/**
 * A throwaway PostgreSQL 15 cluster on a free loopback port. initdb refuses to run as root, so as root the
 * cluster's commands run as the `postgres` system user; otherwise as the current user.
 */
import { execFile } from "node:child_process";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { freePort, type ProcessGroup } from "./processes.ts";

const run = promisify(execFile);

export type Postgres = {
  url: string;
  port: number;
  /** Runs `sql` with psql in `database` (unaligned, tuples only) and returns its output; fails on the first error. */
  psql(database: string, sql: string): Promise<string>;
  stop(): Promise<void>;
};

async function asPostgres(command: string, args: string[]): Promise<string> {
  const root = process.getuid?.() === 0;
  const { stdout } = await run(root ? "runuser" : command, root ? ["-u", "postgres", "--", command, ...args] : args, {
    timeout: 60_000,
  });
  return stdout;
}

/** Creates a cluster in `dir` (emptied first) and starts it. */
export async function startPostgres(dir: string): Promise<Postgres> {
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  await rm(dir, { recursive: true, force: true });
  await mkdir(data, { recursive: true });
  await writeFile(log, "");
  if (process.getuid?.() === 0) {
    const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    for (const p of [dir, data, log]) await chown(p, uid, gid);
  }
  await chmod(dir, 0o755);
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  await asPostgres("pg_ctl", ["-D", data, "-l", log, "-o", `-h 127.0.0.1 -p ${port} -k ${data}`, "-w", "start"]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async psql(database, sql) {
      const args = [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-d",
        database,
        "-At",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        sql,
      ];
      return (await run("psql", args, { timeout: 60_000, maxBuffer: 256 * 1024 * 1024 })).stdout;
    },
    async stop() {
      await asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(async () => {
        // pg_ctl failed: kill the postmaster by the pid in its own pid file.
        const pid = Number((await readFile(path.join(data, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
        if (pid > 0) process.kill(pid, "SIGKILL");
      });
    },
  };
}

/**
 * A cluster in a fresh directory of its own under the system's temporary directory (the postgres user must be able
 * to enter it, which a 0700 directory of the caller's would not allow); stopped and deleted when `group` stops.
 */
export async function startThrowawayPostgres(group: ProcessGroup): Promise<Postgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ccn-pg-"));
  group.defer(() => rm(dir, { recursive: true, force: true }));
  const postgres = await startPostgres(dir);
  group.defer(() => postgres.stop());
  return postgres;
}
