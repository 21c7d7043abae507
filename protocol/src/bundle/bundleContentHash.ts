/**
 * The content hash of a bundle, the `contentHash` it is registered with: `canonicalHash` of
 * `{ format: "coherence-bundle-content-v1", files }`, where `files` lists every file of the declared content as
 * `{ path, hash }` (the path relative to the manifest's directory, POSIX separators; the hash keccak256 of the
 * file's bytes), sorted by path. Only paths and bytes count: not file modes, times or empty directories, so a
 * checked-out directory and its commit's tree hash the same. Rule and reasons: oracle/docs/bundles.md.
 */
import { InvalidArgumentError } from "../errors.ts";
import type { Hex } from "../hex.ts";
import { canonicalHash } from "../manifest/canonicalJson.ts";
import { bytes32, type Infer, object, string } from "../schema.ts";

export const BUNDLE_CONTENT_FORMAT = "coherence-bundle-content-v1";

/** One file of a bundle's content. */
export const bundleFileSchema = object({ hash: bytes32(), path: string({ minLength: 1 }) }, { sorted: true });
export type BundleFile = Infer<typeof bundleFileSchema>;

/**
 * The files in hash order: by path, in UTF-16 code-unit order (JavaScript's default sort, as canonical JSON orders
 * keys), whatever order they were listed or found in. A path listed twice is refused.
 *
 * @example
 * sortBundleFiles([{ path: "b.ts", hash }, { path: "a.ts", hash }]) // [{ path: "a.ts", … }, { path: "b.ts", … }]
 */
export function sortBundleFiles(files: readonly BundleFile[]): BundleFile[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) {
      throw new InvalidArgumentError(`bundle content lists ${sorted[i]!.path} twice`);
    }
  }
  return sorted;
}

/**
 * @example
 * bundleContentHash([{ path: "src/index.ts", hash: keccak256(bytes) }]) // "0x…"
 */
export function bundleContentHash(files: readonly BundleFile[]): Hex {
  return canonicalHash({
    files: sortBundleFiles(files).map((file) => bundleFileSchema.encode(file)),
    format: BUNDLE_CONTENT_FORMAT,
  });
}
