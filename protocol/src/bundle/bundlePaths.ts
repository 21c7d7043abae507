/**
 * The paths and globs of a bundle manifest's content, relative to the manifest's directory, and the glob matcher
 * that resolves them. The matcher is declared here rather than taken from a library so that a content hash comes
 * out the same on every runtime and version, the browser's included: `*` is any characters of one path segment,
 * `?` one of them, `**` as a whole segment any number of segments (none included), `{a,b}` either alternative
 * (not nested). A wildcard never matches a name that starts with `.`: hidden files and directories are included
 * by naming them (`.github/**`), as in shells and Node's `path.matchesGlob`. A glob that starts with `!` excludes
 * what it matches from what the others include.
 */

/**
 * Why `path` is not a relative POSIX path inside the manifest's directory, or undefined when it is one. Only
 * normal forms are accepted (no `.`, `..` or empty segments), so one file has one spelling and one hash entry.
 *
 * @example
 * relativePathProblem("../secrets.txt") // "leaves the manifest's directory (..)"
 */
export function relativePathProblem(path: string): string | undefined {
  if (path === "") return "is empty";
  if (path.startsWith("/")) return "is absolute: give it relative to the manifest's directory";
  if (path.includes("\\")) return "has a backslash: write paths with / on every platform";
  for (const segment of path.split("/")) {
    if (segment === "..") return "leaves the manifest's directory (..)";
    if (segment === ".") return "has a . segment: write it without";
    if (segment === "") return "has an empty segment (// or a trailing /)";
  }
  return undefined;
}

/**
 * Why `glob` is not a glob this matcher reads, or undefined when it is one.
 *
 * @example
 * globProblem("src/[ab].ts") // "uses [ ], which bundle globs do not support: list the files, or use {a,b}"
 */
export function globProblem(glob: string): string | undefined {
  const pattern = glob.startsWith("!") ? glob.slice(1) : glob;
  if (/[[\]]/.test(pattern)) return "uses [ ], which bundle globs do not support: list the files, or use {a,b}";
  if (pattern.includes("!")) return "has a ! after its start: only a whole glob is negated, by a leading !";
  let depth = 0;
  for (const char of pattern) {
    if (char === "{") depth++;
    if (char === "}") depth--;
    if (depth > 1) return "nests { } inside { }";
    if (depth < 0) return "closes a } it did not open";
  }
  if (depth !== 0) return "opens a { it does not close";
  for (const alternative of expandBraces(pattern)) {
    const problem = relativePathProblem(alternative);
    if (problem !== undefined) return problem;
    if (alternative.split("/").some((segment) => segment.includes("**") && segment !== "**")) {
      return "has ** inside a segment: ** stands alone between slashes";
    }
  }
  return undefined;
}

/** A compiled glob: whether it matches a path, and whether anything below a directory could match. */
export type Glob = {
  /** Whether the glob excludes what it matches (it started with `!`). */
  readonly negated: boolean;
  matches(path: string): boolean;
  /** Whether some path below `directory` could match, so a walk can skip directories no glob reaches. */
  mayMatchBelow(directory: string): boolean;
};

type Segment = "**" | RegExp;

/**
 * Compiles a glob {@link globProblem} accepts.
 *
 * @example
 * compileGlob("src/**\/*.{ts,tsx}").matches("src/ui/app.tsx") // true
 */
export function compileGlob(glob: string): Glob {
  const negated = glob.startsWith("!");
  const alternatives = expandBraces(negated ? glob.slice(1) : glob).map((a) => a.split("/").map(compileSegment));
  return {
    negated,
    matches: (path) => alternatives.some((segments) => matchFrom(segments, 0, path.split("/"), 0, false)),
    mayMatchBelow: (directory) =>
      alternatives.some((segments) => matchFrom(segments, 0, directory.split("/"), 0, true)),
  };
}

function compileSegment(segment: string): Segment {
  if (segment === "**") return "**";
  const body = segment.replace(/[.+^${}()|\\*?]/g, (char) =>
    char === "*" ? "[^/]*" : char === "?" ? "[^/]" : `\\${char}`,
  );
  // A wildcard at the start must not reach a hidden name; a segment that itself starts with "." names one.
  return new RegExp(`^${segment.startsWith(".") ? "" : "(?!\\.)"}${body}$`);
}

/**
 * Whether `path[j..]` matches `segments[i..]`; with `prefix`, whether `path` is a directory some path below which
 * could match (the path ends while segments remain).
 */
function matchFrom(
  segments: readonly Segment[],
  i: number,
  path: readonly string[],
  j: number,
  prefix: boolean,
): boolean {
  if (j === path.length) return prefix ? i < segments.length : i === segments.length;
  if (i === segments.length) return false;
  const segment = segments[i]!;
  if (segment === "**") {
    // None, or this segment and then more or no more: so a trailing ** matches at least one, as in Node's glob.
    return (
      matchFrom(segments, i + 1, path, j, prefix) ||
      (!path[j]!.startsWith(".") &&
        (matchFrom(segments, i, path, j + 1, prefix) || matchFrom(segments, i + 1, path, j + 1, prefix)))
    );
  }
  return segment.test(path[j]!) && matchFrom(segments, i + 1, path, j + 1, prefix);
}

/** `a/{b,c}/d` as `a/b/d` and `a/c/d`; braces are not nested ({@link globProblem} checks). */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf("{");
  if (open === -1) return [pattern];
  const close = pattern.indexOf("}", open);
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  return pattern
    .slice(open + 1, close)
    .split(",")
    .flatMap((choice) => expandBraces(`${head}${choice}${tail}`));
}
