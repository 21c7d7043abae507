import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";

/** Packages the browser-safe entry may import: both run in browsers as they are. */
const ALLOWED_PACKAGES = [/^viem(\/|$)/, /^@noble\/hashes\//];
/** And the IPFS entry's, each with a browser build (hashing through WebCrypto). */
const IPFS_PACKAGES = [/^multiformats(\/|$)/, /^@ipld\/car$/, /^@ipld\/dag-pb$/, /^ipfs-unixfs$/];

/** Every module the entry reaches, by static import or re-export, with what each imports from outside. */
async function importGraph(entry: URL): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const url = pending.pop()!;
    if (graph.has(url.href)) continue;
    const source = await readFile(url, "utf8");
    const external: string[] = [];
    for (const [, specifier] of source.matchAll(/^(?:import|export)\b[^;]*?from\s+"([^"]+)";/gms)) {
      if (specifier!.startsWith(".")) pending.push(new URL(specifier!, url));
      else external.push(specifier!);
    }
    graph.set(url.href, external);
  }
  return graph;
}

for (const [entry, allowedPackages] of [
  ["index.ts", ALLOWED_PACKAGES],
  ["actions/index.ts", ALLOWED_PACKAGES],
  ["ipfs/index.ts", [...ALLOWED_PACKAGES, ...IPFS_PACKAGES]],
] as const) {
  describe(`@coherence/protocol's browser entry ${entry}`, () => {
    test("imports no Node built-in and no package but those allowed, so browsers can load it", async () => {
      const graph = await importGraph(new URL(`./${entry}`, import.meta.url));
      assert.ok(graph.size > 3, `only ${graph.size} modules reached`);
      for (const [module, external] of graph) {
        for (const specifier of external) {
          assert.ok(
            allowedPackages.some((allowed) => allowed.test(specifier)),
            `${module.slice(module.indexOf("/protocol/"))} imports ${specifier}`,
          );
        }
      }
    });
  });
}
