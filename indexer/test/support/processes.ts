/**
 * Real processes for tests and benchmarks: each runs in its own process group (spawned detached, so it leads a
 * new session) and is stopped by that group's id, never by name. A `ProcessGroup` stops everything it started;
 * call `stopAll()` from an `after` hook so nothing outlives a test, pass or fail.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";

/** A started process. */
export type Managed = {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last ~200 kB of its stdout and stderr, for failure messages. */
  output(): string;
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM to the group, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the group at once (a crash). */
  kill9(): Promise<void>;
};

const OUTPUT_LIMIT = 200_000;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Starts `command` in a new process group. */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Managed {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`${name} could not be started (${command})`);
  const pid = child.pid;
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > 2 * OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      done = true;
      resolve(code);
    });
  });
  const waitExit = async (ms: number) => {
    if (done) return true;
    const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
    return Promise.race([exited.then(() => true), timer]);
  };
  return {
    name,
    pid,
    child,
    output: () => output.slice(-OUTPUT_LIMIT),
    exited,
    async stop(graceMs = 10_000) {
      if (done) return;
      signalGroup(pid, "SIGTERM");
      if (await waitExit(graceMs)) return;
      signalGroup(pid, "SIGKILL");
      await waitExit(5_000);
    },
    async kill9() {
      signalGroup(pid, "SIGKILL");
      await waitExit(10_000);
    },
  };
}

/** Everything a test file started, stopped together. */
export class ProcessGroup {
  readonly #started: Managed[] = [];
  readonly #cleanups: (() => Promise<void> | void)[] = [];

  start(name: string, command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Managed {
    const managed = startProcess(name, command, args, options);
    this.#started.push(managed);
    return managed;
  }

  /** Runs `cleanup` in `stopAll`, after the processes are stopped (in reverse order of registration). */
  defer(cleanup: () => Promise<void> | void): void {
    this.#cleanups.push(cleanup);
  }

  async stopAll(): Promise<void> {
    const started = this.#started.splice(0).reverse();
    await Promise.all(started.map((p) => p.stop()));
    // CCN_TEST_LOG_DIR keeps every process's output, for a failure's post-mortem.
    const logDir = process.env.CCN_TEST_LOG_DIR;
    if (logDir) {
      await mkdir(logDir, { recursive: true });
      for (const p of started) await writeFile(path.join(logDir, `${p.name.replace(/[^\w.-]+/g, "_")}-${p.pid}.log`), p.output());
    }
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error("cleanup failed:", error);
      }
    }
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  server.close();
  await once(server, "close");
  return address.port;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
