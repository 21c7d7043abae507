/**
 * Child processes for local networks and system and end-to-end tests: each runs in its own process group and is
 * stopped by that group's id (never by name), with SIGTERM first and SIGKILL if it lingers, so whatever it
 * started goes with it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";

import { BaseError } from "@coherence/protocol";

export type ManagedProcess = {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (null if a signal ended it) once the leader has exited. */
  exited: Promise<number | null>;
  /** Output so far (the last `outputLimit` characters, 64 KiB unless told), for error messages. */
  output(): string;
  /**
   * Stops the whole process group: SIGTERM, then SIGKILL after `graceMs`; then SIGKILL for any member the leader
   * left behind. Resolves once the leader has exited and its output is read. Safe to call more than once.
   */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole group at once (a crash); resolves once the leader has exited. */
  kill(): Promise<void>;
};

export type StartProcessOptions = {
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Also append output to this file. */
  logFile?: string;
  /** How much of the output {@link ManagedProcess.output} keeps (characters); 65,536 unless told. */
  outputLimit?: number;
};

/** A command that could not be started, exited with another code than 0, or did not finish in time. */
export class ProcessFailedError extends BaseError {
  override name = "ProcessFailedError";
}

/** Starts a command in a new process group. */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let buffer = "";
  // A command that cannot be spawned reports it as an event; without a listener it would crash this process.
  child.once("error", (error) => {
    buffer += `${options.name}: ${error.message}\n`;
  });
  if (child.pid === undefined) throw new ProcessFailedError(`${options.name} did not start (${options.command})`);
  const outputLimit = options.outputLimit ?? 65_536;
  const log = options.logFile !== undefined ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
  const collect = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-outputLimit);
    if (log !== undefined && !log.writableEnded) log.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const pid = child.pid;
  return {
    name: options.name,
    pid,
    child,
    exited,
    output: () => buffer,
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(pid, "SIGTERM");
        const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      signalGroup(pid, "SIGKILL"); // Stragglers the leader left behind in its group.
      // Its output is read once every holder of its pipes is gone; one outside the group is not waited for.
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      if (log !== undefined && !log.writableEnded) await new Promise<void>((resolve) => log.end(resolve));
    },
    async kill() {
      signalGroup(pid, "SIGKILL");
      await exited;
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs a command to completion in its own process group and returns its output; rejects with that output if it
 * exits with another code than 0 or is still running after `timeoutMs`.
 */
export async function runProcess(options: StartProcessOptions & { timeoutMs?: number }): Promise<string> {
  const proc = startProcess(options);
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          void proc.stop(1_000);
        }, options.timeoutMs);
  try {
    const code = await proc.exited;
    await proc.stop();
    if (timedOut)
      throw new ProcessFailedError(`${options.name} did not finish within ${options.timeoutMs} ms:\n${proc.output()}`);
    if (code !== 0) throw new ProcessFailedError(`${options.name} failed (exit ${code}):\n${proc.output()}`);
    return proc.output();
  } finally {
    clearTimeout(timer);
    await proc.stop();
  }
}

/**
 * Everything a test started, stopped together: call `stopAll()` from an `after` hook so nothing outlives a test,
 * pass or fail. With CCN_TEST_LOG_DIR set, every process's output is kept there for a failure's post-mortem.
 */
export class ProcessGroup {
  readonly #started: ManagedProcess[] = [];
  readonly #cleanups: (() => Promise<void> | void)[] = [];

  /** Starts a process that `stopAll` stops. */
  start(options: StartProcessOptions): ManagedProcess {
    return this.add(startProcess(options));
  }

  /** Adopts a process started elsewhere (by {@link startProcess} or a helper built on it). */
  add<P extends ManagedProcess>(started: P): P {
    this.#started.push(started);
    return started;
  }

  /** Runs `cleanup` in `stopAll`, after the processes are stopped (in reverse order of registration). */
  defer(cleanup: () => Promise<void> | void): void {
    this.#cleanups.push(cleanup);
  }

  async stopAll(): Promise<void> {
    const started = this.#started.splice(0).reverse();
    await Promise.all(started.map((p) => p.stop()));
    const logDir = process.env.CCN_TEST_LOG_DIR;
    if (logDir) {
      await mkdir(logDir, { recursive: true });
      for (const p of started)
        await writeFile(path.join(logDir, `${p.name.replace(/[^\w.-]+/g, "_")}-${p.pid}.log`), p.output());
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
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` with the process output for context. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; process?: ManagedProcess },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const watched = options.process?.child;
    if (watched !== undefined && (watched.exitCode !== null || watched.signalCode !== null)) {
      throw new Error(
        `${options.process!.name} exited (${watched.exitCode ?? watched.signalCode}) while waiting for ${what}:\n${options.process!.output()}`,
      );
    }
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const output =
        options.process !== undefined ? `\n${options.process.name} output:\n${options.process.output()}` : "";
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? ` (${String(lastError)})` : ""}${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}

/**
 * The file of a package's command-line entry as Node resolves the package from `fromDir` (the nearest
 * node_modules first), to be run with this Node (`process.execPath`) so the tools get the Node the caller runs on.
 */
export function packageCli(pkg: string, file: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", pkg, file);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`${pkg} is not installed (looked for ${file} from ${fromDir}); run npm install`);
  }
}
