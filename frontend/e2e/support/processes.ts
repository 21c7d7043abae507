/**
 * Child processes of the end-to-end run: each in its own process group (so its own children go with it),
 * output kept in a log file, stopped by its group id, pass or fail. Never by name.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A process the run started and must stop. */
export type Managed = {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code once the process has exited and its output is closed. */
  closed: Promise<number | null>;
  /** Stops the whole process group: SIGTERM, then SIGKILL after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
};

export type StartParameters = {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Directory for `<name>.log`. */
  logDir: string;
};

/** A free TCP port on 127.0.0.1 (the OS picks it; it is released before returning). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts `command` detached, in a new process group whose id is its pid. */
export function start(parameters: StartParameters): Managed {
  const logFile = path.join(parameters.logDir, `${parameters.name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(parameters.command, parameters.args, {
    cwd: parameters.cwd,
    env: { ...process.env, ...parameters.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited = false;
  const closed = new Promise<number | null>((resolve) => {
    child.once("close", (code) => {
      exited = true;
      resolve(code);
    });
    child.once("error", (error) => {
      log.write(`spawn error: ${error.message}\n`);
      exited = true;
      resolve(null);
    });
  });

  const signal = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // The group is gone already.
    }
  };
  return {
    name: parameters.name,
    child,
    logFile,
    closed,
    async stop(graceMs = 5_000) {
      if (!exited) {
        signal("SIGTERM");
        const timer = setTimeout(() => signal("SIGKILL"), graceMs);
        await closed;
        clearTimeout(timer);
      }
      // Children of the group may outlive the leader: make sure none is left.
      signal("SIGKILL");
      if (!log.closed) await new Promise<void>((resolve) => log.end(resolve));
    },
    tail(lines = 30) {
      try {
        return readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
      } catch {
        return "(no log)";
      }
    },
  };
}

/** Polls `check` until it returns true, failing with the process's log after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, proc?: Managed): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc !== undefined && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${proc.name} exited (code ${proc.child.exitCode}) while waiting for ${what}:\n${proc.tail()}`);
    }
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${proc ? `:\n${proc.tail()}` : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs a command to completion in its own process group; rejects with its output on a non-zero exit. */
export async function run(parameters: StartParameters & { timeoutMs?: number }): Promise<string> {
  const proc = start(parameters);
  const timeout = setTimeout(() => void proc.stop(1_000), parameters.timeoutMs ?? 180_000);
  try {
    const code = await proc.closed;
    await proc.stop();
    const output = readFileSync(proc.logFile, "utf8");
    if (code !== 0) throw new Error(`${parameters.name} failed (exit ${code}):\n${output.split("\n").slice(-40).join("\n")}`);
    return output;
  } finally {
    clearTimeout(timeout);
    await proc.stop();
  }
}
