/**
 * A directory of published epoch manifests, `epoch-<n>.json`, each beside the chain state it commits,
 * `epoch-<n>.chain-state.jsonl`. Writes go to a temporary file renamed into place, so a crash never leaves a
 * half-written manifest under the final name; reads verify the content hash against the one the chain recorded,
 * and a state against the hash its manifest commits.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import { BaseError, type Manifest, type ManifestVisitor } from "@coherence/protocol";
import type { Hex } from "viem";
import type { ChainState } from "../chain/chainState.ts";
import { readChainState, writeChainState } from "../chain/chainStateFile.ts";
import { ChunkRootMismatchError, indexManifestChunks } from "../manifest/chunkIndex.ts";
import { type CutSliceReturnType, cutSlice } from "../manifest/cutSlice.ts";
import { readManifest } from "../manifest/readManifest.ts";
import { type ScanManifestReturnType, scanManifest } from "../manifest/scanManifest.ts";
import { writeManifest } from "../manifest/writeManifest.ts";

/** A manifest whose bytes do not hash to the manifest hash the chain recorded. */
export class ManifestMismatchError extends BaseError {
  override name = "ManifestMismatchError";
}

/** The manifest of an epoch is not in the store. */
export class ManifestMissingError extends BaseError {
  override name = "ManifestMissingError";
}

export class ManifestStore {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = path.resolve(directory);
  }

  /** Where epoch `epoch`'s manifest lives. */
  pathOf(epoch: bigint): string {
    return path.join(this.directory, `epoch-${epoch}.json`);
  }

  /** Where the chain state epoch `epoch`'s manifest commits lives. */
  statePathOf(epoch: bigint): string {
    return path.join(this.directory, `epoch-${epoch}.chain-state.jsonl`);
  }

  /** Writes the chain state epoch `epoch` ended at, and returns its hash (for its manifest's header). */
  async writeState(epoch: bigint, state: ChainState): Promise<Hex> {
    await mkdir(this.directory, { recursive: true });
    return writeChainState(this.statePathOf(epoch), state);
  }

  /** Publishes here the chain state epoch `epoch` ended at, as `source` (an operator's own store) wrote it. */
  async copyStateFrom(source: ManifestStore, epoch: bigint): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await copyFile(source.statePathOf(epoch), this.statePathOf(epoch));
  }

  /**
   * Reads the chain state epoch `epoch`'s manifest commits, refusing one that is not it (./chainStateFile.ts).
   *
   * @example
   * const state = await store.readState(3n, manifest.chainState);
   */
  readState(epoch: bigint, committed: { block: bigint; hash: Hex }): Promise<ChainState> {
    return readChainState(this.statePathOf(epoch), committed);
  }

  /** Writes a manifest and returns its content hash. */
  async write(manifest: Manifest): Promise<{ file: string; contentHash: Hex; byteLength: number }> {
    await mkdir(this.directory, { recursive: true });
    const file = this.pathOf(manifest.epoch.number);
    const temporary = `${file}.${process.pid}.tmp`;
    const out = createWriteStream(temporary);
    try {
      const { contentHash, byteLength } = await writeManifest(manifest, out);
      out.end();
      await finished(out);
      await rename(temporary, file);
      return { file, contentHash, byteLength };
    } catch (error) {
      out.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Whether epoch `epoch`'s manifest is present. */
  async has(epoch: bigint): Promise<boolean> {
    return stat(this.pathOf(epoch)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Reads epoch `epoch`'s manifest whole; with `expectedHash`, only if its bytes hash to it. For a small epoch or
   * a test: {@link ManifestStore.scan} reads one of any size. Throws {@link ManifestMissingError} or
   * {@link ManifestMismatchError}, or the reader's field errors.
   */
  async read(epoch: bigint, expectedHash?: Hex): Promise<{ manifest: Manifest; contentHash: Hex }> {
    const { manifest, contentHash } = await readManifest(await this.#open(epoch));
    this.#checkHash(epoch, contentHash, expectedHash);
    return { manifest, contentHash };
  }

  /**
   * Streams epoch `epoch`'s manifest through `visitor`, validating it as it passes (./scanManifest.ts); with
   * `expectedHash`, rejects it unless its bytes hash to it. What the visitor kept is the manifest's only once
   * this resolves. Throws as {@link ManifestStore.read} does.
   *
   * @example
   * const totals: CumulativeTotal[] = [];
   * await store.scan(3n, hash, { elements: { leaves: (l) => totals.push({ account: l.account, token: l.token, amount: l.cumulative }) } });
   */
  async scan(epoch: bigint, expectedHash: Hex | undefined, visitor: ManifestVisitor): Promise<ScanManifestReturnType> {
    const read = await scanManifest(await this.#open(epoch), visitor);
    this.#checkHash(epoch, read.contentHash, expectedHash);
    return read;
  }

  /**
   * Cuts `account`'s slice of epoch `epoch`'s v3 manifest (one pass over its lines to locate the chunks, then
   * only the chunks the slice needs are read), refusing a manifest whose chunk root is not `expectedHash`.
   *
   * @example
   * const { text } = await store.slice(3n, proposal.manifestHash, "0xab…");
   */
  async slice(epoch: bigint, expectedHash: Hex, account: Hex): Promise<CutSliceReturnType> {
    const index = await indexManifestChunks(await this.#open(epoch), expectedHash).catch((cause: unknown) => {
      if (cause instanceof ChunkRootMismatchError) {
        throw new ManifestMismatchError(`The manifest of epoch ${epoch} is not the one the chain recorded.`, { cause });
      }
      throw cause;
    });
    const file = await open(this.pathOf(epoch));
    try {
      return await cutSlice(
        index,
        async (offset, length) => {
          const bytes = new Uint8Array(length);
          await file.read(bytes, 0, length, offset);
          return bytes;
        },
        account.toLowerCase() as Hex,
      );
    } finally {
      await file.close();
    }
  }

  async #open(epoch: bigint): Promise<AsyncIterable<Uint8Array>> {
    const file = this.pathOf(epoch);
    if (!(await this.has(epoch))) {
      throw new ManifestMissingError(`The manifest of epoch ${epoch} is not in ${this.directory}.`, {
        details: `expected ${file}; fetch it from where the oracle operators publish manifests`,
      });
    }
    return createReadStream(file, { highWaterMark: 1 << 20 });
  }

  #checkHash(epoch: bigint, contentHash: Hex, expectedHash: Hex | undefined): void {
    if (expectedHash !== undefined && contentHash !== expectedHash.toLowerCase()) {
      throw new ManifestMismatchError(`The manifest of epoch ${epoch} is not the one the chain recorded.`, {
        metaMessages: [`file:     ${this.pathOf(epoch)}`, `its hash: ${contentHash}`, `on-chain: ${expectedHash}`],
      });
    }
  }
}
