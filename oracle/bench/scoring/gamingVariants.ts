/**
 * Gaming variants of real commits, made in a scratch clone so the evaluated repositories are never touched: the
 * tricks issue 11 found paying under scoring v1, each applied to a real change. A variant is judged by how far its
 * score rises above the original's (its "lift"); a fair scorer gives none of them more than a little.
 * - trivial-tests: the change plus four tests that assert nothing (`t.pass()`, `expect(true)`) and one-word JSDoc;
 * - restating-jsdoc: the change plus a doc comment that repeats the name on every export it touched;
 * - padded-copy: the change plus a renamed copy of one of its files, padded with comments, and 260 `t.pass()` tests;
 * - split-code / split-tests: the change split into a code commit and a tests commit, each claimed alone;
 * - vendored-path / vendored-license: the change plus a third-party library under vendor/, or with its license
 *   header beside the code;
 * - pasted-dependency: the change plus a source file of a package the repository declares, pasted beside the code
 *   without any header comment (the dependency index must see it);
 * - padded-docs: the change plus paragraphs of filler prose in the README (the prose lint flags them).
 * Commits are made with a fixed identity and date, so the variants are the same on every run.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** How a repository lays out its code and tests. */
export type RepositoryLayout = { source: string; tests: string; testFile: string; testStyle: "ava" | "vitest" };

/** A variant: the evidence to score, and the evidence of the original it games. */
export type GamingVariant = { name: string; original: string; evidence: string };

const IDENTITY = {
  GIT_AUTHOR_NAME: "Gaming Variant",
  GIT_AUTHOR_EMAIL: "gaming@example.org",
  GIT_COMMITTER_NAME: "Gaming Variant",
  GIT_COMMITTER_EMAIL: "gaming@example.org",
  GIT_AUTHOR_DATE: "1767225600 +0000",
  GIT_COMMITTER_DATE: "1767225600 +0000",
};

function git(repository: string, args: readonly string[]): string {
  return execFileSync("git", ["-C", repository, "-c", "commit.gpgsign=false", ...args], {
    env: { ...process.env, ...IDENTITY },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  }).trim();
}

/** Test cases that assert nothing, in the repository's style. */
function emptyTests(style: RepositoryLayout["testStyle"], count: number, trivial: boolean): string {
  const header = style === "ava" ? "import test from 'ava';\n" : "import { expect, it } from 'vitest'\n";
  const body = (i: number) =>
    style === "ava"
      ? `test('case ${i}', t => {\n\t${trivial && i % 2 === 1 ? "t.true(true);" : "t.pass();"}\n});\n`
      : `it('case ${i}', () => {\n  expect(${trivial && i % 2 === 1 ? "1" : "true"}).toBe(${trivial && i % 2 === 1 ? "1" : "true"})\n})\n`;
  return [header, ...Array.from({ length: count }, (_, i) => body(i))].join("\n");
}

/** Inserts `doc(name)` above each `export` declaration that has no doc comment yet (at most `limit`). */
function documentExports(text: string, doc: (name: string) => string, limit = Number.POSITIVE_INFINITY): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let added = 0;
  for (const [i, line] of lines.entries()) {
    const match =
      /^export\s+(?:default\s+)?(?:async\s+)?(?:const|let|function|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/.exec(
        line,
      );
    if (match !== null && added < limit && !(lines[i - 1] ?? "").trim().endsWith("*/")) {
      out.push(doc(match[1]!));
      added++;
    }
    out.push(line);
  }
  return out.join("\n");
}

/** A copy of `text` with its declared names renamed and a boilerplate comment every third line. */
function paddedCopy(text: string): string {
  const declared = new Set(
    [...text.matchAll(/(?:const|let|function|class|type|interface)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!),
  );
  const renamed = text.replace(/[A-Za-z_$][\w$]*/g, (word) => (declared.has(word) ? `${word}Alt` : word));
  return renamed
    .split("\n")
    .flatMap((line, i) => (i % 3 === 0 ? ["// This line is part of the alternative implementation.", line] : [line]))
    .join("\n");
}

type Context = {
  clone: string;
  layout: RepositoryLayout;
  vendored: { path: string; licensed: string };
  /** A file of a declared package's published tarball: its name there and its text. */
  pasted: { path: string; text: string };
};

/** Filler prose of the kind a padded change adds: every sentence says nothing. */
const FILLER_PROSE = [
  "",
  "## Why it matters",
  "",
  "This is basically a really simple feature that actually just works. It is obviously very easy to use, and it",
  "definitely makes things extremely nice. Honestly, it is literally the best way to do it, so you should really",
  "try it.",
  "",
  "Essentially, the API is totally straightforward and quite clearly designed. It generally works well, and it is",
  "certainly very helpful, so it is practically always the right choice.",
  "",
].join("\n");

/** The text without the comments and blank lines it starts with (a license banner, a file header). */
function withoutHeader(text: string): string {
  return text.replace(/^(?:\s*(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*))*\s*/, "");
}

/** Commits the working tree (after `edit`) on top of `onto`, returning the new commit. */
function commitOnto(context: Context, onto: string, message: string, edit: () => void): string {
  git(context.clone, ["checkout", "-q", "--detach", "--force", onto]);
  edit();
  git(context.clone, ["add", "-A"]);
  git(context.clone, ["commit", "-q", "--no-verify", "-m", message]);
  return git(context.clone, ["rev-parse", "HEAD"]);
}

function write(context: Context, path: string, text: string): void {
  const file = join(context.clone, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * Makes every variant of `original` (a commit with one parent) in `clone`, a non-bare scratch clone.
 *
 * @example
 * const variants = gamingVariants({ clone, layout, vendored }, "06375efc...");
 */
export function gamingVariants(context: Context, original: string): GamingVariant[] {
  const { clone, layout } = context;
  const parent = git(clone, ["rev-parse", `${original}^`]);
  const changed = git(clone, ["diff", "--name-only", "--no-renames", parent, original]).split("\n").filter(Boolean);
  const isTest = (path: string) => path.startsWith(`${layout.tests}/`);
  const sources = changed.filter((p) => p.startsWith(`${layout.source}/`) && /\.[jt]sx?$/.test(p));
  const read = (path: string) => readFileSync(join(clone, path), "utf8");
  const testPath = `${layout.tests}/${layout.testFile}`;
  const variants: GamingVariant[] = [];
  const add = (name: string, evidence: string) => variants.push({ name, original, evidence });

  add(
    "trivial-tests",
    `${parent}..${commitOnto(context, original, "trivial tests", () => {
      write(context, testPath, emptyTests(layout.testStyle, 4, true));
      for (const path of sources.slice(0, 2))
        write(
          context,
          path,
          documentExports(read(path), () => "/** Helper. */", 1),
        );
    })}`,
  );
  add(
    "restating-jsdoc",
    `${parent}..${commitOnto(context, original, "restating docs", () => {
      for (const path of sources)
        write(
          context,
          path,
          documentExports(read(path), (name) => `/** The ${name}. */`),
        );
    })}`,
  );
  const largest = [...sources].sort((a, b) => read(b).length - read(a).length)[0];
  if (largest !== undefined) {
    add(
      "padded-copy",
      `${parent}..${commitOnto(context, original, "alternative implementation", () => {
        write(context, largest.replace(/(\.[jt]sx?)$/, "-alt$1"), paddedCopy(read(largest)));
        write(context, testPath, emptyTests(layout.testStyle, 260, false));
      })}`,
    );
  }
  const code = changed.filter((p) => !isTest(p));
  const tests = changed.filter(isTest);
  if (code.length > 0 && tests.length > 0) {
    const codeOnly = commitOnto(context, parent, "code half", () => {
      git(clone, [
        "checkout",
        original,
        "--",
        ...code.filter((p) => git(clone, ["ls-tree", original, "--", p]) !== ""),
      ]);
    });
    const testsHalf = git(clone, ["commit-tree", `${original}^{tree}`, "-p", codeOnly, "-m", "tests half"]);
    add("split-code", `${parent}..${codeOnly}`);
    add("split-tests", `${codeOnly}..${testsHalf}`);
  }
  add(
    "vendored-path",
    `${parent}..${commitOnto(context, original, "vendor picomatch", () => {
      write(context, "vendor/picomatch.js", readFileSync(context.vendored.path, "utf8"));
    })}`,
  );
  add(
    "pasted-dependency",
    `${parent}..${commitOnto(context, original, "add helpers", () => {
      const name = context.pasted.path.split("/").pop()!;
      write(context, `${layout.source}/${name}`, withoutHeader(context.pasted.text));
    })}`,
  );
  const readme = git(clone, ["ls-tree", "--name-only", original])
    .split("\n")
    .find((p) => /^readme\.md$/i.test(p));
  if (readme !== undefined)
    add(
      "padded-docs",
      `${parent}..${commitOnto(context, original, "explain the feature", () => {
        write(context, readme, `${read(readme).trimEnd()}\n${FILLER_PROSE}`);
      })}`,
    );
  add(
    "vendored-license",
    `${parent}..${commitOnto(context, original, "add sha3", () => {
      write(context, `${layout.source}/sha3.js`, readFileSync(context.vendored.licensed, "utf8"));
    })}`,
  );
  return variants;
}

/** A scratch clone of `repository` that shares its objects (nothing is copied), for {@link gamingVariants}. */
export function scratchClone(repository: string, directory: string): string {
  execFileSync("git", ["clone", "--quiet", "--shared", "--no-checkout", repository, directory]);
  return directory;
}
