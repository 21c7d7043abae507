/**
 * Checks of prose the change added, for docs measured as docs: relative links that point at a file of the
 * repository, fenced TypeScript/JavaScript examples that parse, headings that do not skip a level. Each check on
 * an added line passes or fails; the docs metric counts them.
 */
import { posix } from "node:path";
import ts from "typescript";

/** A failed check. */
export type DocsProblem = { line: number; problem: string };

/** What the checks of one file found. */
export type MarkdownCheckResult = { checks: number; problems: DocsProblem[] };

const FENCE = /^\s*(```|~~~)\s*([A-Za-z]*)/;
const SCRIPT_LANGUAGES = new Set(["ts", "typescript", "js", "javascript", "tsx", "jsx", "mjs", "cjs"]);

function parses(code: string, language: string): boolean {
  const tsx = language === "tsx" || language === "jsx";
  const source = ts.createSourceFile(`example.${tsx ? "tsx" : "ts"}`, code, ts.ScriptTarget.Latest, false);
  // The parser's own syntax errors, without type checking.
  return (source as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length === 0;
}

/** A link target with its %-escapes decoded, or as written when they are malformed. */
function decoded(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

/**
 * The checks on the added lines of a Markdown file at `path`; `exists` says whether a repository path exists.
 *
 * @example
 * markdownChecks("docs/a.md", "See [b](b.md).\n", new Set([1]), (p) => p === "docs/b.md") // { checks: 1, problems: [] }
 */
export function markdownChecks(
  path: string,
  text: string,
  addedLines: ReadonlySet<number>,
  exists: (path: string) => boolean,
): MarkdownCheckResult {
  const lines = text.split("\n");
  const problems: DocsProblem[] = [];
  let checks = 0;
  let fence: { start: number; language: string; added: boolean; body: string[] } | undefined;
  let lastHeading = 0;
  lines.forEach((line, i) => {
    const n = i + 1;
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (fenceMatch !== null) {
        if (fence.added && SCRIPT_LANGUAGES.has(fence.language)) {
          checks++;
          if (!parses(fence.body.join("\n"), fence.language))
            problems.push({ line: fence.start, problem: `the ${fence.language} example does not parse` });
        }
        fence = undefined;
      } else {
        fence.body.push(line);
        fence.added ||= addedLines.has(n);
      }
      return;
    }
    if (fenceMatch !== null) {
      fence = { start: n, language: fenceMatch[2]!.toLowerCase(), added: addedLines.has(n), body: [] };
      return;
    }
    const heading = /^(#{1,6})\s/.exec(line);
    if (heading !== null) {
      const level = heading[1]!.length;
      if (addedLines.has(n)) {
        checks++;
        if (lastHeading > 0 && level > lastHeading + 1)
          problems.push({ line: n, problem: `heading level ${level} after level ${lastHeading}` });
      }
      lastHeading = level;
    }
    if (!addedLines.has(n)) return;
    for (const link of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = link[1]!.split("#")[0]!;
      if (target === "" || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      checks++;
      const resolved = target.startsWith("/")
        ? target.slice(1)
        : posix.normalize(posix.join(posix.dirname(path), decoded(target)));
      if (!exists(resolved.replace(/\/$/, ""))) problems.push({ line: n, problem: `link to ${target}: no such file` });
    }
  });
  return { checks, problems };
}
