/**
 * Real git repositories for tests, in a directory of the test's: commits with fixed authors and dates (so the same
 * test makes the same commits), branches, and merges as a forge's merge button makes them (`--no-ff`).
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type CommitOptions = { message: string; author?: { name: string; email: string }; date?: string };

export class GitRepository {
  readonly dir: string;
  #tick = 0;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** A new repository in `dir` whose default branch is `main`. */
  static async init(dir: string): Promise<GitRepository> {
    await mkdir(dir, { recursive: true });
    const repository = new GitRepository(dir);
    await repository.git("init", "--quiet", "--initial-branch=main");
    return repository;
  }

  async git(...args: string[]): Promise<string> {
    // An hour per commit from a fixed start: the same steps make the same commits.
    const date = new Date(Date.UTC(2026, 10, 1) + this.#tick * 3_600_000).toISOString();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "Ada",
      GIT_AUTHOR_EMAIL: "10+ada@users.noreply.github.com",
      GIT_COMMITTER_NAME: "GitHub",
      GIT_COMMITTER_EMAIL: "noreply@github.com",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_NOSYSTEM: "1",
      HOME: this.dir,
    };
    return (await run("git", args, { cwd: this.dir, env })).stdout.trim();
  }

  /** Writes `files` (path to text), commits them on the current branch, and returns the commit. */
  async commit(files: Record<string, string>, options: CommitOptions): Promise<string> {
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(this.dir, file)), { recursive: true });
      await writeFile(path.join(this.dir, file), text);
      await this.git("add", "--", file);
    }
    this.#tick++;
    const author = options.author === undefined ? [] : ["--author", `${options.author.name} <${options.author.email}>`];
    await this.git("commit", "--quiet", "--allow-empty", "-m", options.message, ...author);
    return this.git("rev-parse", "HEAD");
  }

  async checkout(branch: string, create = false): Promise<void> {
    await this.git("checkout", "--quiet", ...(create ? ["-b"] : []), branch);
  }

  /** Merges `branch` into the current branch with a merge commit; returns it. */
  async merge(branch: string, message: string): Promise<string> {
    this.#tick++;
    await this.git("merge", "--quiet", "--no-ff", "-m", message, branch);
    return this.git("rev-parse", "HEAD");
  }

  /** Moves the current branch to `branch`'s head, which must descend from it (no merge commit); returns it. */
  async fastForward(branch: string): Promise<string> {
    await this.git("merge", "--quiet", "--ff-only", branch);
    return this.git("rev-parse", "HEAD");
  }
}
