/**
 * Fixture git repositories for tests and demos: real repositories whose commit
 * ids are the same on every machine (fixed author, committer and dates).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gitText, runGit } from "./git.ts";

/**
 * One commit to make: files to write (`null` deletes the file), and a message. Contents are text (written as
 * UTF-8) unless `Contents` admits exact bytes, for files in other encodings.
 */
export type FixtureCommit<Contents extends string | Uint8Array = string> = {
  message: string;
  files: Readonly<Record<string, Contents | null>>;
  /** Defaults to "Fixture Author <fixture@example.org>". */
  author?: { name: string; email: string } | undefined;
};

/** The created repository and its commit ids, in the order of the commits given. */
export type FixtureRepository = { path: string; commits: string[] };

/** The date of the first fixture commit; each further commit is one minute later. */
export const FIXTURE_EPOCH_SECONDS = 1_704_067_200; // 2024-01-01T00:00:00Z

/**
 * Creates a git repository at `dir` (created if missing) on branch `main` and
 * makes `commits` in order. Identity and dates are fixed, so the commit ids
 * depend only on the contents: the same fixture gives the same ids anywhere.
 *
 * @example
 * const repo = await createFixtureRepository(await mkdtemp(join(tmpdir(), "fx-")), [
 *   { message: "Add sum", files: { "src/sum.ts": "export const sum = (a: number, b: number) => a + b;\n" } },
 * ]);
 * repo.commits[0] // a 40-hex commit id
 */
export async function createFixtureRepository(
  dir: string,
  commits: readonly FixtureCommit<string | Uint8Array>[],
): Promise<FixtureRepository> {
  await mkdir(dir, { recursive: true });
  await runGit(dir, ["-c", "init.defaultBranch=main", "init", "-q"]);
  const ids: string[] = [];
  for (const [i, commit] of commits.entries()) {
    for (const [path, contents] of Object.entries(commit.files)) {
      const file = join(dir, ...path.split("/"));
      if (contents === null) {
        await rm(file, { force: true });
      } else {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, contents);
      }
    }
    await runGit(dir, ["add", "-A"]);
    const author = commit.author ?? { name: "Fixture Author", email: "fixture@example.org" };
    const date = `${FIXTURE_EPOCH_SECONDS + 60 * i} +0000`;
    await runGit(
      dir,
      [
        "-c",
        `user.name=${author.name}`,
        "-c",
        `user.email=${author.email}`,
        "-c",
        "commit.gpgsign=false",
        "-c",
        "core.autocrlf=false",
        "commit",
        "-q",
        "--allow-empty",
        "--no-verify",
        "-m",
        commit.message,
      ],
      {
        env: {
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_COMMITTER_NAME: author.name,
          GIT_COMMITTER_EMAIL: author.email,
        },
      },
    );
    ids.push(await gitText(dir, ["rev-parse", "HEAD"]));
  }
  return { path: dir, commits: ids };
}
