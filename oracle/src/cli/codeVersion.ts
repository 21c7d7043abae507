/**
 * The oracle's version as manifests record it. Only the package version: operators on different commits of
 * the same release must still produce byte-identical manifests.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

export async function codeVersion(): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  return `coherence-network@${version}`;
}
