/**
 * The replay check of a runner's anchored period: its records file fetched and checked against the anchor, a sample
 * drawn with the seed of the finalised block after the anchor's (`replaySeed.ts`), and each sampled run executed
 * again from the pinned bundle its record names, with the gateway's own pinning and runner, so the output hash is
 * computed exactly as the runner had to compute it. A run whose output hashes otherwise is a mismatch; one that
 * cannot be replayed (the published input is not the recorded one, the composable fails) is unreadable.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { BaseError, bundleManifestSchema, canonicalHash, type Hex } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import type { Address, PublicClient } from "viem";

import { bundleContent } from "../bundle/bundleContent.ts";
import {
  type ComposableRunner,
  composableRunner,
  RunFailedError,
  RunTimeoutError,
} from "../bundle/composableRunner.ts";
import { type PinnedBundle, pinBundle } from "../bundle/pinBundle.ts";
import { finalisedHead } from "../chain/finality.ts";
import { anchorOf, type Escrow } from "./escrowEvents.ts";
import { fetchRecordsFile, type PublishedRecord } from "./recordsFile.ts";
import { replaySeed, sampleIndices } from "./replaySeed.ts";

/** A sampled record's bundle cannot be pinned: no manifest given has its content hash, or it does not run. */
export class BundleNotPinnableError extends BaseError {
  override name = "BundleNotPinnableError";
}

/** The block the seed is drawn from is not finalised yet: the sample could still change. */
export class SeedNotFinalisedError extends BaseError {
  override name = "SeedNotFinalisedError";
}

/** How many records a replay samples unless told: enough that a runner tampering one run in ten is caught with
 * probability 1 - 0.9^16 ≈ 81% per period, few enough to replay in seconds. */
export const DEFAULT_SAMPLE = 16;

export type ReplayResult = "matched" | "mismatch" | "unreadable";

export type ReplayedRecord = {
  /** Its position in the records file (and tree). */
  readonly index: number;
  readonly nonce: bigint;
  readonly payer: Address;
  readonly assetId: bigint;
  readonly expectedOutputHash: Hex;
  /** What the replay computed; absent when it could not run. */
  readonly actualOutputHash?: Hex;
  readonly result: ReplayResult;
  readonly problem?: string;
  readonly published: PublishedRecord;
};

export type Replay = {
  readonly runner: Address;
  readonly period: bigint;
  readonly root: Hex;
  readonly count: bigint;
  readonly uri: string;
  readonly anchorBlock: bigint;
  readonly seedBlock: bigint;
  readonly seedBlockHash: Hex;
  readonly seed: Hex;
  readonly records: readonly ReplayedRecord[];
};

export type ReplayOptions = {
  readonly client: PublicClient;
  readonly escrow: Escrow;
  readonly runner: Address;
  readonly period: bigint;
  /** Bundle manifests (`coherence.bundle.json`) of the composables the records may name, found by content hash. */
  readonly manifests: readonly string[];
  readonly sample: number;
};

/**
 * @example
 * const replay = await replayPeriod({ client, escrow, runner, period: 4n, manifests: ["bigint-math/coherence.bundle.json"], sample: 16 });
 * replay.records.filter((r) => r.result !== "matched"); // what to dispute
 */
export async function replayPeriod(options: ReplayOptions): Promise<Replay> {
  const { client, escrow, runner, period } = options;
  const anchor = await anchorOf(client, escrow, runner, period);
  const file = await fetchRecordsFile(anchor, escrow);

  const seedBlock = anchor.blockNumber + 1n;
  const head = await finalisedHead(client);
  if (head < seedBlock) {
    throw new SeedNotFinalisedError(
      `the seed of ${runner}'s period ${period} is block ${seedBlock}'s hash, and the chain has finalised only up to ${head}`,
      { metaMessages: ["Replay once that block is finalised: the sample depends on it."] },
    );
  }
  const seedBlockHash = (await client.getBlock({ blockNumber: seedBlock })).hash;
  const seed = replaySeed(seedBlockHash, runner, period);
  const sampled = sampleIndices(seed, file.records.length, options.sample).map((index) => ({
    index,
    published: file.records[index]!,
  }));

  const pins = await mkdtemp(path.join(tmpdir(), "ccn-replay-pins-"));
  const runners = new Map<Hex, ComposableRunner>();
  try {
    const manifests = await manifestsByContent(options.manifests);
    const runnerOf = async (bundleHash: Hex) => {
      const key = bundleHash.toLowerCase() as Hex;
      const known = runners.get(key);
      if (known !== undefined) return known;
      const made = composableRunner(await pinned(manifests, key, pins));
      runners.set(key, made);
      return made;
    };
    const records: ReplayedRecord[] = [];
    for (const { index, published } of sampled) {
      records.push(await replayOne(index, published, await runnerOf(published.record.bundleHash)));
    }
    return {
      runner,
      period,
      root: anchor.root,
      count: anchor.count,
      uri: anchor.uri,
      anchorBlock: anchor.blockNumber,
      seedBlock,
      seedBlockHash,
      seed,
      records,
    };
  } finally {
    await Promise.all([...runners.values()].map((r) => r.close()));
    await rm(pins, { recursive: true, force: true });
  }
}

async function replayOne(index: number, published: PublishedRecord, runner: ComposableRunner): Promise<ReplayedRecord> {
  const { record, input } = published;
  const base = {
    index,
    nonce: record.nonce,
    payer: record.payer,
    assetId: record.assetId,
    expectedOutputHash: record.outputHash,
    published,
  };
  // Hashes compare as numbers: the leaf's ABI encoding, and so the anchor, does not see the hex digits' case.
  const same = (a: Hex, b: Hex) => BigInt(a) === BigInt(b);
  const inputHash = canonicalHash(input);
  if (!same(inputHash, record.inputHash)) {
    return {
      ...base,
      result: "unreadable",
      problem: `the published input hashes to ${inputHash}, not the record's ${record.inputHash}`,
    };
  }
  try {
    const { outputHash } = await runner.run(input);
    return {
      ...base,
      actualOutputHash: outputHash,
      result: same(outputHash, record.outputHash) ? "matched" : "mismatch",
    };
  } catch (error) {
    if (!(error instanceof RunFailedError || error instanceof RunTimeoutError)) throw error;
    return { ...base, result: "unreadable", problem: error.shortMessage };
  }
}

async function manifestsByContent(manifests: readonly string[]): Promise<Map<Hex, string>> {
  const byContent = new Map<Hex, string>();
  for (const manifest of manifests) {
    const { contentHash } = await bundleContent(manifest, await readJsonFile(bundleManifestSchema, manifest));
    byContent.set(contentHash.toLowerCase() as Hex, manifest);
  }
  return byContent;
}

async function pinned(manifests: Map<Hex, string>, bundleHash: Hex, pins: string): Promise<PinnedBundle> {
  const manifest = manifests.get(bundleHash);
  if (manifest === undefined) {
    throw new BundleNotPinnableError(`no bundle given has content hash ${bundleHash}, which a sampled record ran`, {
      metaMessages: [
        `given: ${[...manifests.values()].join(", ") || "none"} (pass its coherence.bundle.json with --bundle)`,
      ],
    });
  }
  try {
    return await pinBundle(manifest, bundleHash, pins);
  } catch (cause) {
    throw new BundleNotPinnableError(`${manifest} cannot be pinned as ${bundleHash}`, { cause });
  }
}
