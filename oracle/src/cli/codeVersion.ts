/**
 * The oracle's version as manifests record it. Only the package version: operators on different commits of
 * the same release must still produce byte-identical manifests.
 */
import { readFile } from "node:fs/promises";

// From import.meta.url: Ponder loads the indexer's API, which reads manifests with the oracle, through vite-node,
// whose import.meta has no dirname.
const PACKAGE_JSON = new URL("../../../package.json", import.meta.url);

export async function codeVersion(): Promise<string> {
  const { version } = JSON.parse(await readFile(PACKAGE_JSON, "utf8")) as { version: string };
  return `coherence-network@${version}`;
}
