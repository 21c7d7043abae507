/**
 * A bundle's content resolved and hashed: its declared files, globs or git tree as a sorted list of
 * `{ path, hash }`, and the content hash it is registered with (`bundleContentHash` of @coherence/protocol; the
 * rule is in oracle/docs/bundles.md). The manifest file itself is never content.
 */
import path from "node:path";

import {
  type BundleFile,
  type BundleManifest,
  bundleContentHash,
  type Hex,
  sortBundleFiles,
} from "@coherence/protocol";

import { contentError } from "./contentError.ts";
import { type ContentRoot, directoryContent } from "./directoryContent.ts";
import { gitTreeContent } from "./gitTreeContent.ts";

export type BundleContentResult = {
  /** Sorted by path. */
  readonly files: readonly BundleFile[];
  readonly contentHash: Hex;
};

/**
 * Resolves and hashes the content `manifest` (read from `manifestFile`) declares. A missing file, a glob that
 * matches nothing, a symbolic link, a git revision that cannot be read and a `run.entry` outside the content are
 * errors naming the manifest and the field.
 *
 * @example
 * const manifestFile = "greeter/coherence.bundle.json";
 * const { contentHash } = await bundleContent(manifestFile, await readJsonFile(bundleManifestSchema, manifestFile));
 */
export async function bundleContent(manifestFile: string, manifest: BundleManifest): Promise<BundleContentResult> {
  const root: ContentRoot = {
    directory: path.dirname(manifestFile),
    manifestPath: path.basename(manifestFile),
    manifestFile,
  };
  const { content } = manifest;
  const files = sortBundleFiles(
    "gitTree" in content ? await gitTreeContent(root, content.gitTree) : await directoryContent(root, content),
  );
  if (files.length === 0) throw contentError(manifestFile, ["content"], "declares no file but the manifest itself");
  const entry = manifest.run?.entry;
  if (entry !== undefined && !files.some((file) => file.path === entry)) {
    throw contentError(
      manifestFile,
      ["run", "entry"],
      `${entry} is not one of the content's files, so the content hash would not cover what runs`,
    );
  }
  return { files, contentHash: bundleContentHash(files) };
}
