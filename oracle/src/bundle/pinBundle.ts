/**
 * A runnable composable pinned by its content hash: the bundle's declared files are read, hashed and compared
 * with the hash the asset is registered with, then copied into `<pins>/<content hash>/` from the very bytes that
 * were hashed. The gateway runs that copy and never the working directory, so editing, checking out or swapping
 * the bundle's files after pinning cannot change what a record of run says was run.
 */
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type BundleRun,
  bundleContentHash,
  bundleManifestSchema,
  type Hex,
  InvalidArgumentError,
} from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import { keccak256 } from "viem";
import { bundleContent } from "./bundleContent.ts";

/** A bundle whose files do not hash to the content hash its asset is registered with. */
export class BundleHashMismatchError extends InvalidArgumentError {
  override name = "BundleHashMismatchError";
  readonly expected: Hex;
  readonly actual: Hex;

  constructor(manifestFile: string, expected: Hex, actual: Hex) {
    super(`${manifestFile}: the bundle's content hashes to ${actual}, not the registered ${expected}`, {
      details: "the asset was registered with other content: pin the commit it was registered at",
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** A bundle without a `run` section: a composable a gateway cannot call. */
export class NotRunnableError extends InvalidArgumentError {
  override name = "NotRunnableError";
}

export type PinnedBundle = {
  readonly contentHash: Hex;
  /** The pinned copy's directory, `<pins>/<content hash>`. */
  readonly directory: string;
  readonly run: BundleRun;
};

/**
 * Pins the bundle `manifestFile` describes, which must hash to `expectedHash`. Pinning the same content again
 * reuses the copy; a copy interrupted half-way is never used, because it is renamed into place whole.
 *
 * @example
 * const pinned = await pinBundle("bigint-math/coherence.bundle.json", asset.contentHash, ".gateway/pins");
 */
export async function pinBundle(manifestFile: string, expectedHash: Hex, pins: string): Promise<PinnedBundle> {
  const manifest = await readJsonFile(bundleManifestSchema, manifestFile);
  if (manifest.run === undefined) {
    throw new NotRunnableError(`${manifestFile}: declares no run section, so no gateway can call it`);
  }
  const { files } = await bundleContent(manifestFile, manifest);
  const directory = path.join(pins, expectedHash);
  if (await exists(directory)) return { contentHash: expectedHash, directory, run: manifest.run };

  // Each file's bytes are read once: the copy is made of what was hashed, so a file changed between the hash
  // and the copy changes the hash instead of slipping into the pin.
  const root = path.dirname(manifestFile);
  const contents = await Promise.all(files.map((file) => readFile(path.join(root, file.path))));
  const actual = bundleContentHash(files.map((file, i) => ({ path: file.path, hash: keccak256(contents[i]!) })));
  if (actual !== expectedHash) throw new BundleHashMismatchError(manifestFile, expectedHash, actual);

  await mkdir(pins, { recursive: true });
  const staging = await mkdtemp(path.join(pins, ".staging-"));
  try {
    for (const [i, file] of files.entries()) {
      const target = path.join(staging, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, contents[i]!);
    }
    await rename(staging, directory).catch(async (error: NodeJS.ErrnoException) => {
      // Another pin of the same content won the rename: its copy holds the same bytes.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { contentHash: expectedHash, directory, run: manifest.run };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
