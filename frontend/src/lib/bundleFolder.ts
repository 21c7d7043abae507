/**
 * A composable's folder as the browser gives it (a directory picker's files, each with its path below the chosen
 * folder) hashed exactly as `ccn bundle hash` hashes the directory: the manifest's `files` and `globs` select the
 * content (`selectBundlePaths`), each file's hash is keccak256 of its bytes, and the content hash is
 * `bundleContentHash` of them. A git-tree content is not something a browser can read, so it is refused in words.
 */
import {
  BUNDLE_MANIFEST_FILE,
  BUNDLE_MANIFEST_FORMAT,
  type BundleFile,
  type BundleManifest,
  bundleContentHash,
  bundleManifestSchema,
  InvalidArgumentError,
  parse,
  parseJson,
  selectBundlePaths,
} from "@coherence/protocol";
import { type Hex, keccak256 } from "viem";

/** The folder's files by their path relative to the folder. */
export type BundleFolder = { name: string; files: ReadonlyMap<string, Blob> };

/** A file as a directory picker gives it: `webkitRelativePath` is `<folder>/<path>`. */
export type PickedFile = Blob & { name: string; webkitRelativePath: string };

/**
 * @example
 * bundleFolder(input.files) // { name: "lib", files: Map { "coherence.bundle.json" => File, "src/a.ts" => File } }
 */
export function bundleFolder(picked: Iterable<PickedFile>): BundleFolder {
  const files = new Map<string, Blob>();
  let name = "";
  for (const file of picked) {
    const relative = file.webkitRelativePath === "" ? file.name : file.webkitRelativePath;
    const slash = relative.indexOf("/");
    name = slash === -1 ? "" : relative.slice(0, slash);
    files.set(slash === -1 ? relative : relative.slice(slash + 1), file);
  }
  return { name, files };
}

/** The folder's `coherence.bundle.json`, parsed and checked by its schema, or undefined when it has none. */
export async function folderManifest(folder: BundleFolder): Promise<BundleManifest | undefined> {
  const file = folder.files.get(BUNDLE_MANIFEST_FILE);
  if (file === undefined) return undefined;
  return parseJson(bundleManifestSchema, await file.text(), { source: BUNDLE_MANIFEST_FILE });
}

export type HashedBundle = { contentHash: Hex; files: BundleFile[] };

/**
 * @example
 * const { contentHash, files } = await hashBundle(manifest, folder);
 */
export async function hashBundle(manifest: BundleManifest, folder: BundleFolder): Promise<HashedBundle> {
  if ("gitTree" in manifest.content) {
    throw new InvalidArgumentError(
      `content is the git tree of ${manifest.content.gitTree}, which a browser cannot read: hash it with ccn bundle hash, or declare files and globs`,
    );
  }
  const paths = selectBundlePaths(manifest.content, [...folder.files.keys()], BUNDLE_MANIFEST_FILE);
  // One file at a time: a large folder must not be held in memory all at once.
  const files: BundleFile[] = [];
  for (const path of paths) {
    files.push({ path, hash: keccak256(new Uint8Array(await folder.files.get(path)!.arrayBuffer())) });
  }
  return { contentHash: bundleContentHash(files), files };
}

/**
 * The manifest with the lineage the owner edited, checked by the manifest's own schema (each weight 1..10000 bps,
 * no parent twice, at most 100% in all), so an error names its field as `ccn asset register` would.
 *
 * @example
 * withParents(manifest, [{ assetId: 1n, weightBps: 6000 }, { assetId: 2n, weightBps: 5000 }])
 * // throws: coherence.bundle.json: parents: weights add up to 11000 bps, more than 10000 (100%)
 */
export function withParents(
  manifest: BundleManifest,
  parents: readonly { assetId: bigint; weightBps: number }[],
): BundleManifest {
  return parse(bundleManifestSchema, bundleManifestSchema.encode({ ...manifest, parents: [...parents] }), {
    source: BUNDLE_MANIFEST_FILE,
  });
}

/** What an owner types to build a manifest. */
export const MANIFEST_FIELDS = ["kind", "name", "description", "version", "licence", "repository"] as const;
export type ManifestField = (typeof MANIFEST_FIELDS)[number];

/** A manifest built in the page for a folder that has none: its content is every file of the folder. */
export function buildManifest(fields: Record<ManifestField, string>, folder: BundleFolder): BundleManifest {
  const files = [...folder.files.keys()].filter((p) => p !== BUNDLE_MANIFEST_FILE).sort();
  return parse(
    bundleManifestSchema,
    { format: BUNDLE_MANIFEST_FORMAT, ...fields, content: { files }, parents: [] },
    { source: BUNDLE_MANIFEST_FILE },
  );
}

/** The manifest as the file an owner commits beside the content. */
export function manifestText(manifest: BundleManifest): string {
  return `${JSON.stringify(bundleManifestSchema.encode(manifest), null, 2)}\n`;
}
