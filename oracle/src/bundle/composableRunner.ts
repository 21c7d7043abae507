/**
 * Calls a pinned composable: one child process per composable, kept warm between calls (a process per call would
 * cost tens of milliseconds where the gateway's budget is two), under Node's permission model with read access
 * to the pin only, a heap limit, and a time limit per call after which the process is killed and the next call
 * starts a fresh one. Each answer carries the canonical hashes of its input and output, the two a record of run
 * commits to and a replay check compares.
 */
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { BaseError, canonicalHash, type Hex, InvalidArgumentError, type JsonValue } from "@coherence/protocol";

import type { PinnedBundle } from "./pinBundle.ts";

/**
 * The child's script, found when a child is started: the indexer's API loads this package in a bundler where
 * `import.meta.dirname` is undefined, and it never runs a composable.
 */
const processFile = () => fileURLToPath(new URL("./composableProcess.ts", import.meta.url));

/** The composable threw, or answered something that has no canonical JSON form. */
export class RunFailedError extends BaseError {
  override name = "RunFailedError";
}

/** The composable did not answer within its time limit; its process was killed. */
export class RunTimeoutError extends BaseError {
  override name = "RunTimeoutError";
}

export type RunLimits = {
  /** Per call, from the request to the answer. */
  readonly timeoutMs: number;
  /** The composable process's V8 heap. */
  readonly heapMb: number;
};

export const DEFAULT_RUN_LIMITS: RunLimits = { timeoutMs: 10_000, heapMb: 256 };

export type RunResult = {
  readonly output: JsonValue;
  readonly inputHash: Hex;
  readonly outputHash: Hex;
};

type Answer = { id: number; ready?: true; output?: JsonValue; error?: { name: string; message: string } };
type Pending = { resolve: (answer: Answer) => void; reject: (error: Error) => void };

export type ComposableRunner = {
  run(input: JsonValue): Promise<RunResult>;
  close(): Promise<void>;
};

/**
 * @example
 * const runner = composableRunner(await pinBundle(manifestFile, contentHash, pins));
 * const { output, outputHash } = await runner.run({ amount: "100", weights: [1, 2] });
 */
export function composableRunner(bundle: PinnedBundle, limits: RunLimits = DEFAULT_RUN_LIMITS): ComposableRunner {
  let current: Promise<Started> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const label = `${bundle.run.export} of ${bundle.contentHash}`;

  const retire = (started: Started) => {
    started.retired = true;
    started.child.kill("SIGKILL");
  };

  /** The composable's process, started if it is not running (first call, after a timeout or a crash). */
  const live = async (): Promise<{ attempt: Promise<Started>; started: Started }> => {
    for (;;) {
      current ??= startProcess(bundle, limits, label);
      const attempt = current;
      const started = await attempt.catch((error: unknown) => {
        // A composable that failed to load is loaded afresh by the next call, which then says why again.
        if (current === attempt) current = undefined;
        throw error;
      });
      if (!started.retired) return { attempt, started };
      if (current === attempt) current = undefined;
    }
  };

  const call = async (input: JsonValue): Promise<RunResult> => {
    const inputHash = hashOf(input, "input", InvalidArgumentError);
    const { attempt, started } = await live();
    const answer = await new Promise<Answer>((resolve, reject) => {
      const id = started.nextId++;
      const timer = setTimeout(() => {
        started.pending.delete(id);
        // The next call must not reach the process being killed, so it is forgotten before the kill.
        if (current === attempt) current = undefined;
        retire(started);
        reject(new RunTimeoutError(`${label} ran over ${limits.timeoutMs} ms`));
      }, limits.timeoutMs);
      started.pending.set(id, {
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
        reject: (e) => {
          clearTimeout(timer);
          if (current === attempt) current = undefined;
          reject(e);
        },
      });
      started.child.send({ id, input });
    });
    if (answer.error !== undefined) {
      throw new RunFailedError(`${label} threw ${answer.error.name}: ${answer.error.message}`);
    }
    const output = answer.output as JsonValue;
    return { output, inputHash, outputHash: hashOf(output, "output", RunFailedError) };
  };

  return {
    // One call at a time per composable, as its process serves them; concurrency comes from more runners.
    run(input) {
      const result = queue.then(() => call(input));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      const attempt = current;
      current = undefined;
      const started = await attempt?.catch(() => undefined);
      if (started === undefined || started.child.exitCode !== null) return;
      const exited = new Promise((resolve) => started.child.once("exit", resolve));
      started.child.kill("SIGTERM");
      await exited;
    },
  };
}

type Started = {
  readonly child: ChildProcess;
  readonly pending: Map<number, Pending>;
  nextId: number;
  retired: boolean;
};

/** Forks the composable's process and waits until its entry is loaded. */
function startProcess(bundle: PinnedBundle, limits: RunLimits, label: string): Promise<Started> {
  const entry = path.join(bundle.directory, bundle.run.entry);
  const script = processFile();
  const child = fork(script, [entry, bundle.run.export], {
    execArgv: [
      "--permission",
      `--allow-fs-read=${bundle.directory}`,
      `--allow-fs-read=${script}`,
      `--max-old-space-size=${limits.heapMb}`,
    ],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const started: Started = { child, pending: new Map(), nextId: 1, retired: false };
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  child.on("message", (answer: Answer) => {
    const waiting = started.pending.get(answer.id);
    started.pending.delete(answer.id);
    waiting?.resolve(answer);
  });
  child.on("exit", (code, signal) => {
    started.retired = true;
    const details = stderr.trim();
    const why = new RunFailedError(`${label} exited (${signal ?? code})`, details ? { details } : {});
    for (const waiting of started.pending.values()) waiting.reject(why);
    started.pending.clear();
  });
  return new Promise((resolve, reject) => {
    started.pending.set(0, {
      resolve: (answer) => {
        if (answer.ready) resolve(started);
        else reject(new RunFailedError(`${label} did not load: ${answer.error?.message ?? "no answer"}`));
      },
      reject,
    });
  });
}

function hashOf(value: JsonValue, what: string, Failure: new (message: string) => Error): Hex {
  try {
    return canonicalHash(value);
  } catch (error) {
    throw new Failure(`the ${what} has no canonical JSON form: ${(error as Error).message}`);
  }
}
