/**
 * A throwaway PostgreSQL 15 cluster in a temporary directory on a free loopback port (toolchain.md): initdb and
 * pg_ctl run as the `postgres` system user when the tests run as root (initdb refuses root), directly otherwise.
 * `pg_ctl stop` is registered with the process group; if the server is still there, its postmaster is killed
 * by the pid in its own pid file.
 */
import { execFile } from "node:child_process";
import { chmod, chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { freePort, type ProcessGroup } from "./processes.ts";

const run = promisify(execFile);

export type Postgres = { url: string; port: number; dir: string; psql(database: string, sql: string): Promise<string> };

async function asPostgres(command: string, args: string[]): Promise<string> {
  const root = process.getuid?.() === 0;
  const { stdout } = await run(root ? "runuser" : command, root ? ["-u", "postgres", "--", command, ...args] : args, { timeout: 60_000 });
  return stdout;
}

/** Creates and starts a cluster; it is stopped and deleted when the group stops. */
export async function startPostgres(group: ProcessGroup): Promise<Postgres> {
  const dir = path.join(os.tmpdir(), `ccn-pg-${process.pid}-${Date.now()}`);
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  await mkdir(data, { recursive: true });
  await writeFile(log, "");
  group.defer(() => rm(dir, { recursive: true, force: true }));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    for (const p of [dir, data, log]) await chown(p, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o755);
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  await asPostgres("pg_ctl", ["-D", data, "-l", log, "-o", `-h 127.0.0.1 -p ${port} -k ${data}`, "-w", "start"]);
  group.defer(async () => {
    await asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(async () => {
      const pid = Number((await readFile(path.join(data, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
      if (pid > 0) process.kill(pid, "SIGKILL");
    });
  });
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    dir,
    psql: async (database, sql) => {
      const { stdout } = await run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], {
        timeout: 60_000,
        maxBuffer: 256 * 1024 * 1024,
      });
      return stdout;
    },
  };
}
