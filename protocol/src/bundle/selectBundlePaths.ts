/**
 * Which of a known set of paths a manifest's `files` and `globs` declare as content: the rule `ccn bundle hash`
 * applies to a directory, for callers that hold the paths already (the web app, given a folder). A listed file
 * that is absent, the manifest listed as its own content, and a glob that matches nothing are errors by field.
 */
import { MalformedFieldError } from "../errors.ts";
import { fieldName } from "../schema.ts";
import { compileGlob } from "./bundlePaths.ts";

/**
 * @example
 * selectBundlePaths({ globs: ["src/**\/*.ts"] }, ["coherence.bundle.json", "src/a.ts"], "coherence.bundle.json")
 * // ["src/a.ts"]
 */
export function selectBundlePaths(
  content: { readonly files?: readonly string[] | undefined; readonly globs?: readonly string[] | undefined },
  paths: readonly string[],
  manifestPath: string,
): string[] {
  const problem = (field: (string | number)[], text: string) =>
    new MalformedFieldError(fieldName(field), text, { source: manifestPath });
  const available = new Set(paths);
  const selected = new Set<string>();
  for (const [i, file] of (content.files ?? []).entries()) {
    if (file === manifestPath)
      throw problem(["content", "files", i], `${file} is the manifest itself, never its content`);
    if (!available.has(file)) throw problem(["content", "files", i], `${file} does not exist`);
    selected.add(file);
  }
  const globs = (content.globs ?? []).map((glob, index) => ({ index, glob: compileGlob(glob) }));
  const includes = globs.filter((g) => !g.glob.negated);
  const excludes = globs.filter((g) => g.glob.negated);
  const matched = new Set<number>();
  for (const path of [...available].sort()) {
    const reaching = includes.filter((g) => g.glob.matches(path));
    if (reaching.length === 0) continue;
    for (const g of reaching) matched.add(g.index);
    // As in a directory walk: the manifest and what an exclusion matches are never content by glob.
    if (path === manifestPath || excludes.some((g) => g.glob.matches(path))) continue;
    selected.add(path);
  }
  const unmatched = includes.find((g) => !matched.has(g.index));
  if (unmatched !== undefined) {
    throw problem(
      ["content", "globs", unmatched.index],
      `${JSON.stringify(content.globs![unmatched.index])} matches no file`,
    );
  }
  return [...selected].sort();
}
