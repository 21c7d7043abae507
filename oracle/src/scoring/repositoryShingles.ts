/**
 * Every shingle hash of the non-test code in a repository tree: the "rest of
 * the repository" that the novelty metric compares added code with. A tree id
 * names immutable content, so results are cached per (repository, tree, k,
 * test patterns) for the life of the process.
 */
import { isCode, matchesAny } from "./fileKinds.ts";
import { privateNamesAsIdentifiers, shingleHashes, tokenize } from "./fingerprint.ts";
import { readObjects, runGit } from "./git.ts";

/** Files larger than this are skipped (generated or vendored code, not work to compare with). */
export const MAX_CORPUS_FILE_BYTES = 1 << 20;

const CACHE_LIMIT = 8;
const cache = new Map<string, Promise<ReadonlySet<number>>>();

async function compute(
  repository: string,
  tree: string,
  k: number,
  testPatterns: readonly string[],
  prepare: (text: string) => string,
): Promise<ReadonlySet<number>> {
  const listing = await runGit(repository, ["ls-tree", "-r", "-z", "-l", "--full-tree", tree]);
  const blobs: string[] = [];
  for (const entry of listing.stdout.toString("utf8").split("\0")) {
    if (entry === "") continue;
    // "<mode> <type> <object> <size>\t<path>"
    const tab = entry.indexOf("\t");
    const [mode, type, object, size] = entry.slice(0, tab).split(/ +/);
    const path = entry.slice(tab + 1);
    if (type !== "blob" || !mode!.startsWith("100") || Number(size) > MAX_CORPUS_FILE_BYTES) continue;
    if (!isCode(path) || matchesAny(path, testPatterns)) continue;
    blobs.push(object!);
  }
  const shingles = new Set<number>();
  for (const content of await readObjects(repository, blobs)) {
    if (content.includes(0)) continue;
    for (const hash of shingleHashes(tokenize(prepare(content.toString("utf8"))), k)) shingles.add(hash);
  }
  return shingles;
}

/**
 * The shingle hashes (k tokens) of the repository's non-test code at `tree`
 * (a commit or tree id).
 */
export function repositoryShingles(
  repository: string,
  tree: string,
  k: number,
  testPatterns: readonly string[],
  /** Scoring v2: `#private` names as identifiers (see `privateNamesAsIdentifiers`). */
  options: { privateNamesAsIdentifiers?: boolean } = {},
): Promise<ReadonlySet<number>> {
  const asIdentifiers = options.privateNamesAsIdentifiers === true;
  const key = JSON.stringify([repository, tree, k, testPatterns, asIdentifiers]);
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = compute(repository, tree, k, testPatterns, asIdentifiers ? privateNamesAsIdentifiers : (text) => text);
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  return entry;
}
