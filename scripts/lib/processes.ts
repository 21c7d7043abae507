/**
 * Child processes for local networks and system tests: each server runs in its own process group and is stopped
 * by that group's id (never by name), with SIGTERM first and SIGKILL if it lingers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";

export type ManagedProcess = {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Output so far (the last 64 KiB), for error messages. */
  output(): string;
  /** Stops the whole process group; resolves once the leader has exited. */
  stop(): Promise<void>;
};

export type StartProcessOptions = {
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Also append output to this file. */
  logFile?: string;
};

/** Starts a command in a new process group. */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${options.name} did not start (${options.command})`);
  let buffer = "";
  const log = options.logFile !== undefined ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
  const collect = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString()).slice(-65_536);
    log?.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid;
  return {
    name: options.name,
    pid,
    child,
    output: () => buffer,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(pid, "SIGTERM");
      const timer = setTimeout(() => signalGroup(pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      signalGroup(pid, "SIGKILL"); // Stragglers the leader left behind in its group.
      log?.end();
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

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
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
    if (options.process !== undefined && options.process.child.exitCode !== null) {
      throw new Error(`${options.process.name} exited (${options.process.child.exitCode}) while waiting for ${what}:\n${options.process.output()}`);
    }
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const output = options.process !== undefined ? `\n${options.process.name} output:\n${options.process.output()}` : "";
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? ` (${String(lastError)})` : ""}${output}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}
