/**
 * Runs real `git` as a child process. Output that feeds a score must not depend on
 * the machine, so every invocation pins the settings that shape output with `-c`
 * (above any system, global or repository config), callers pass the diff options
 * explicitly (diff algorithm, rename threshold, no external diff or textconv), and
 * messages are forced to the C locale.
 */
import { spawn } from "node:child_process";
import { GitCommandError } from "./errors.ts";

/** Options of {@link runGit}. */
export type RunGitOptions = {
  /** Written to git's standard input (text as UTF-8), then closed. */
  stdin?: string | Uint8Array | undefined;
  /** Exit codes that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okExitCodes?: readonly number[] | undefined;
  /** Extra environment variables (fixture commits set author dates). */
  env?: Readonly<Record<string, string>> | undefined;
};

/** What {@link runGit} returns: raw stdout bytes and the exit code. */
export type RunGitReturnType = { stdout: Buffer; exitCode: number };

/**
 * Settings that shape what git prints, pinned on every invocation at git's own
 * defaults so a user's or a repository's config cannot change a score (a larger
 * `diff.interHunkContext` merges hunks and counts unchanged lines as added; a
 * smaller `core.bigFileThreshold` turns a text file binary). Options that `-c`
 * cannot reset (`diff.external`, textconv drivers) are switched off by the diff
 * options (`--no-ext-diff`, `--no-textconv`, `--text`) every diff passes.
 */
export const PINNED_GIT_CONFIG: readonly (readonly [key: string, value: string])[] = [
  ["core.attributesFile", "/dev/null"],
  ["core.autocrlf", "false"],
  ["core.bigFileThreshold", "512m"],
  ["core.eol", "lf"],
  ["core.quotePath", "true"],
  ["core.safecrlf", "false"],
  ["color.diff", "false"],
  ["color.ui", "false"],
  ["diff.algorithm", "myers"],
  ["diff.context", "3"],
  ["diff.ignoreSubmodules", "none"],
  ["diff.indentHeuristic", "true"],
  ["diff.interHunkContext", "0"],
  ["diff.mnemonicPrefix", "false"],
  ["diff.noprefix", "false"],
  ["diff.orderFile", "/dev/null"],
  ["diff.relative", "false"],
  ["diff.renameLimit", "1000"],
  ["diff.renames", "true"],
  ["diff.suppressBlankEmpty", "false"],
];

const PINNED_ARGS = PINNED_GIT_CONFIG.flatMap(([key, value]) => ["-c", `${key}=${value}`]);

/**
 * The process environment without `GIT_*` variables: inside a git hook or with
 * `GIT_DIR`, `GIT_DIFF_OPTS` or `GIT_EXTERNAL_DIFF` set, git would otherwise
 * read another repository or shape its output differently.
 */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_")) env[key] = value;
  return env;
}

/**
 * Runs `git -C <repository> -c <pinned settings> <args>` and returns its output. Throws
 * {@link GitCommandError} with git's stderr on an exit code not in `okExitCodes`
 * (default: only 0), or when git cannot be started.
 *
 * @example
 * const { stdout } = await runGit("/tmp/repo", ["rev-parse", "HEAD"]);
 */
export function runGit(
  repository: string,
  args: readonly string[],
  options: RunGitOptions = {},
): Promise<RunGitReturnType> {
  const fullArgs = ["-C", repository, ...PINNED_ARGS, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn("git", fullArgs, {
      env: {
        ...gitEnvironment(),
        ...options.env,
        LC_ALL: "C",
        LANGUAGE: "C",
        GIT_TERMINAL_PROMPT: "0",
        GIT_PAGER: "cat",
      },
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (cause) => reject(new GitCommandError(args, null, "", { cause })));
    child.on("close", (code) => {
      const exitCode = code ?? -1;
      if (exitCode === 0 || options.okExitCodes?.includes(exitCode) === true) {
        resolve({ stdout: Buffer.concat(out), exitCode });
      } else {
        reject(new GitCommandError(args, exitCode, Buffer.concat(err).toString("utf8")));
      }
    });
    // A broken pipe when git exits early is reported through "close" with git's own code.
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}

/** {@link runGit} returning trimmed UTF-8 stdout. */
export async function gitText(
  repository: string,
  args: readonly string[],
  options: RunGitOptions = {},
): Promise<string> {
  const { stdout } = await runGit(repository, args, options);
  return stdout.toString("utf8").trim();
}

/**
 * Reads many objects (blobs) in one `git cat-file --batch` process. Returns
 * the contents in the order of `objectIds`; throws {@link GitCommandError} if an
 * object is missing.
 */
export async function readObjects(repository: string, objectIds: readonly string[]): Promise<Buffer[]> {
  if (objectIds.length === 0) return [];
  const { stdout } = await runGit(repository, ["cat-file", "--batch"], { stdin: `${objectIds.join("\n")}\n` });
  const contents: Buffer[] = [];
  let offset = 0;
  for (const id of objectIds) {
    const newline = stdout.indexOf(0x0a, offset);
    const header = stdout.toString("utf8", offset, newline);
    const parts = header.split(" ");
    if (parts.length !== 3)
      throw new GitCommandError(["cat-file", "--batch"], 0, `unexpected header for ${id}: ${header}`);
    const size = Number(parts[2]);
    contents.push(stdout.subarray(newline + 1, newline + 1 + size));
    offset = newline + 1 + size + 1;
  }
  return contents;
}

/**
 * The sizes in bytes of many objects, from one `git cat-file --batch-check` process, in the order of
 * `objectIds`: what decides whether a blob is read at all. Throws {@link GitCommandError} if an object is missing.
 */
export async function objectSizes(repository: string, objectIds: readonly string[]): Promise<number[]> {
  if (objectIds.length === 0) return [];
  const { stdout } = await runGit(repository, ["cat-file", "--batch-check"], { stdin: `${objectIds.join("\n")}\n` });
  const lines = stdout.toString("utf8").split("\n");
  return objectIds.map((id, i) => {
    // "<object> <type> <size>", or "<object> missing".
    const parts = lines[i]?.split(" ") ?? [];
    if (parts.length !== 3)
      throw new GitCommandError(["cat-file", "--batch-check"], 0, `unexpected answer for ${id}: ${lines[i]}`);
    return Number(parts[2]);
  });
}
