/** Runnable bundles written to a temporary directory for the gateway's tests, with their content hash. */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BUNDLE_MANIFEST_FORMAT, bundleManifestSchema, type Hex, parse } from "@coherence/protocol";
import { bundleContent } from "./bundleContent.ts";

export type BundleFixture = { readonly manifestFile: string; readonly contentHash: Hex; readonly root: string };

/**
 * A Code bundle whose `run` calls `exportName` of `src/index.ts`, holding `files` (path → text).
 *
 * @example
 * const { manifestFile, contentHash } = await runnableBundle({ "src/index.ts": "export const f = (x) => x;" }, "f");
 */
export async function runnableBundle(files: Record<string, string>, exportName: string): Promise<BundleFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ccn-gateway-bundle-"));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  const manifest = {
    format: BUNDLE_MANIFEST_FORMAT,
    kind: "Code",
    name: "fixture",
    description: "A composable for the gateway's tests",
    version: "1.0.0",
    licence: "MIT",
    repository: "https://example.org/fixture.git",
    content: { files: Object.keys(files) },
    parents: [],
    run: { entry: "src/index.ts", export: exportName, runtime: "node" },
  };
  const manifestFile = path.join(root, "coherence.bundle.json");
  await writeFile(manifestFile, JSON.stringify(manifest));
  const { contentHash } = await bundleContent(manifestFile, parse(bundleManifestSchema, manifest));
  return { manifestFile, contentHash, root };
}
