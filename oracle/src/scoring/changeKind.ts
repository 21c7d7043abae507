/**
 * What kind of work a change is, from the files it touches: each kind has its own fair measure (see
 * oracle/docs/scoring.md, "Kinds of work"). Work the code metrics cannot judge (a dependency bump, a release, a
 * reformat, a change of configuration only) scores the published neutral value instead of the floor or the ceiling.
 */
import type { ChangedMeasuredFile } from "./measuredChange.ts";

/** The kinds of work scoring v2 tells apart. */
export const CHANGE_KINDS = [
  "code",
  "tests",
  "docs",
  "dependencies",
  "release",
  "formatting",
  "configuration",
  "empty",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Kinds whose coherence is the neutral value: no metric measures their quality. */
export const NEUTRAL_KINDS: ReadonlySet<ChangeKind> = new Set([
  "dependencies",
  "release",
  "formatting",
  "configuration",
  "empty",
]);

/** Package manifests and lockfiles: what a dependency bump or a release changes. */
const MANIFEST =
  /(?:^|\/)(?:package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|deno\.jsonc?|deno\.lock|jsr\.json)$/;
/** Release notes. */
const RELEASE_NOTES = /(?:^|\/)(?:CHANGELOG|CHANGES|HISTORY|RELEASES?)(?:\.[a-z]+)?$/i;
/** Prose. */
const DOCS = /\.(?:md|mdx|markdown|rst|adoc|txt)$|(?:^|\/)(?:docs?|documentation)\//i;

/** Whether the file's added lines of a manifest are only its `"version"` field. */
function onlyVersion(file: ChangedMeasuredFile): boolean {
  const lines = file.text.split("\n");
  return [...file.addedLines].every((n) => {
    const line = (lines[n - 1] ?? "").trim();
    return line === "" || /^"version"\s*:/.test(line);
  });
}

/**
 * The kind of a change.
 *
 * @example
 * changeKind(files) // "tests" when every changed code file is a test
 */
export function changeKind(files: readonly ChangedMeasuredFile[]): ChangeKind {
  const changed = files.filter((f) => f.change !== "formatting");
  if (changed.length === 0) return files.length === 0 ? "empty" : "formatting";
  const code = changed.filter((f) => f.language !== "other" && f.change === "code");
  if (code.length > 0) return code.every((f) => f.isTest) ? "tests" : "code";
  const other = changed.filter((f) => f.language === "other");
  if (
    other.some((f) => DOCS.test(f.path) && !RELEASE_NOTES.test(f.path)) ||
    changed.some((f) => f.change === "comments")
  )
    return "docs";
  if (other.every((f) => MANIFEST.test(f.path) || RELEASE_NOTES.test(f.path))) {
    const manifests = other.filter((f) => MANIFEST.test(f.path));
    return manifests.every((f) => !f.path.endsWith("package.json") || onlyVersion(f)) &&
      manifests.every((f) => /(?:^|\/)(?:package|jsr|deno)\.jsonc?$/.test(f.path))
      ? "release"
      : "dependencies";
  }
  return "configuration";
}
