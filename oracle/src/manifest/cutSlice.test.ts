import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CHUNK_BYTES,
  canonicalHash,
  type Hex,
  type Manifest,
  SliceError,
  type SliceErrorCode,
  UnsupportedFormatError,
  verifySlice,
} from "@coherence/protocol";
import fc from "fast-check";
import { computeEpoch } from "../epoch/computeEpoch.ts";
import { DEFAULT_MULTIPLIER } from "../epoch/multiplier.ts";
import { addr, b32, TOKENS, TREASURY } from "../epoch/networkArbitrary.ts";
import { assembleManifest } from "./assembleManifest.ts";
import { indexManifestChunks } from "./chunkIndex.ts";
import { cutSlice } from "./cutSlice.ts";
import { workedManifest } from "./workedManifest.ts";
import { manifestBytes } from "./writeManifest.ts";

/**
 * An epoch wide enough that every large section spans many chunks: `accounts` contributors over a small lineage
 * (asset i's parent is asset i - 1), contributions spread by a seeded generator, revenue in two tokens, previous
 * totals for some accounts.
 */
function wideManifest(seed: number, accounts: number, contributions: number): Manifest {
  let s = seed >>> 0 || 1;
  const next = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const assetCount = 4;
  const assets = Array.from({ length: assetCount }, (_, i) => ({
    id: BigInt(i + 1),
    parents: i === 0 ? [] : [{ assetId: BigInt(i), weightBps: 2000 }],
  }));
  const cs = Array.from({ length: contributions }, (_, k) => ({
    id: b32(k + 1),
    assetId: BigInt(1 + next(assetCount)),
    contributor: addr(1 + next(accounts)),
    laborMicroUsd: BigInt(1 + next(1_000_000)),
    toolsMicroUsd: 0n,
    computeMicroUsd: BigInt(next(1000)),
  }));
  const scores = cs.map((c) => {
    const metrics = { coherenceBps: next(10_001) };
    return { contributionId: c.id, coherenceBps: metrics.coherenceBps, metrics, metricsHash: canonicalHash(metrics) };
  });
  const revenue = assets.flatMap((a) =>
    TOKENS.slice(0, 2).map((token) => ({ assetId: a.id, token, amount: BigInt(1 + next(10 ** 9)) * 10n ** 9n })),
  );
  const previous = Array.from({ length: accounts }, (_, i) => addr(1 + i))
    .filter(() => next(3) === 0)
    .map((account) => ({ account, token: TOKENS[0]!, amount: BigInt(1 + next(10 ** 6)) }));
  const input = {
    assets,
    contributions: cs,
    scores,
    revenue,
    previous,
    config: { multiplier: DEFAULT_MULTIPLIER, treasury: TREASURY },
  };
  return assembleManifest({
    codeVersion: "test",
    epoch: { number: 4n, fromBlock: 1n, toBlock: 9n },
    input,
    result: computeEpoch(input),
  });
}

async function sliced(manifest: Manifest) {
  const { bytes, contentHash } = await manifestBytes(manifest);
  const index = await indexManifestChunks([bytes], contentHash);
  const read = async (offset: number, length: number) => bytes.subarray(offset, offset + length);
  return { bytes, contentHash, index, slice: (account: Hex) => cutSlice(index, read, account) };
}

async function refused(text: string, expected: { manifestHash: Hex; account?: Hex }, code: SliceErrorCode) {
  await assert.rejects(verifySlice(text, expected), (error: unknown) => {
    assert.ok(error instanceof SliceError, String(error));
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe("cutSlice and verifySlice", () => {
  test("every account's slice verifies and holds exactly its leaves and what they cite, in a many-chunk epoch", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 40, max: 160 }), async (seed, accounts) => {
        const manifest = wideManifest(seed, accounts, 2 * accounts);
        const { contentHash, index, slice } = await sliced(manifest);
        assert.ok(index.chunks("leaves").length > 2, "the leaves span several chunks");
        for (const account of [...new Set(manifest.leaves.map((l) => l.account))]) {
          const { text } = await slice(account);
          const verified = await verifySlice(text, { manifestHash: contentHash, account });
          assert.deepEqual(
            verified.leaves.map(({ proof: _, ...leaf }) => leaf),
            manifest.leaves.filter((l) => l.account === account),
          );
          const cited = new Set(
            verified.leaves.flatMap((l) =>
              l.sources.flatMap((s) => (s.kind === "contributors" ? s.contributions.map((c) => c.id) : [])),
            ),
          );
          for (const id of cited) {
            assert.deepEqual(
              verified.cited["inputs.costs"].get(id),
              manifest.inputs.costs.filter((c) => c.contributionId === id),
            );
            assert.deepEqual(
              verified.cited.scores.get(id),
              manifest.scores.filter((c) => c.contributionId === id),
            );
          }
          assert.deepEqual(
            verified.cited["inputs.previous"].get(account),
            manifest.inputs.previous.filter((p) => p.account === account),
          );
        }
      }),
      { numRuns: 6 },
    );
  });

  test("a slice stays small: a few chunks, not the manifest", async () => {
    const manifest = wideManifest(7, 400, 800);
    const { bytes, slice } = await sliced(manifest);
    const { text, chunks } = await slice(manifest.leaves[200]!.account);
    // Its leaves and previous totals, three sections per contribution and asset, a neighbour where a key sits on a
    // boundary, and the lineage's flows: never more than a few dozen chunks.
    assert.ok(chunks.length <= 40, `${chunks.length} chunks`);
    assert.ok(text.length < 1.2 * chunks.length * CHUNK_BYTES, `${text.length} bytes`);
    assert.ok(text.length < bytes.length / 4, `${text.length} of ${bytes.length} bytes`);
  });

  test("an account with no leaf gets a slice that proves it has none", async () => {
    const manifest = wideManifest(3, 80, 160);
    const { contentHash, slice } = await sliced(manifest);
    for (const account of [addr(0), addr(55_555), `0x${"f".repeat(40)}` as Hex]) {
      const verified = await verifySlice((await slice(account)).text, { manifestHash: contentHash, account });
      assert.deepEqual(verified.leaves, []);
    }
  });

  test("the same manifest gives the same slice bytes", async () => {
    const a = await sliced(wideManifest(11, 60, 120));
    const b = await sliced(wideManifest(11, 60, 120));
    assert.equal(a.contentHash, b.contentHash);
    const account = addr(5);
    assert.equal((await a.slice(account)).text, (await b.slice(account)).text);
  });

  test("a tampered, foreign, partial or malformed slice is refused with its reason", async () => {
    const manifest = wideManifest(5, 120, 240);
    const { contentHash, slice } = await sliced(manifest);
    const account = manifest.leaves[50]!.account;
    const { text } = await slice(account);
    const expected = { manifestHash: contentHash, account };
    const json = JSON.parse(text) as {
      chunks: { chunk: { elements?: { amount?: string }[] }; index: number; proof: string[] }[];
      payoutProofs: { proof: string[] }[];
    };
    const encoded = (value: unknown) => `${JSON.stringify(value)}\n`;

    const leafChunk = json.chunks.find((c) => c.chunk.elements?.some((e) => JSON.stringify(e).includes(account)))!;
    const tampered = structuredClone(json);
    const leaf = tampered.chunks
      .find((c) => c.index === leafChunk.index)!
      .chunk.elements!.find((e) => JSON.stringify(e).includes(account))!;
    leaf.amount = `${BigInt(leaf.amount!) + 1n}`;
    await refused(encoded(tampered), expected, "CHUNK_PROOF");

    await refused(text, { manifestHash: `0x${"ab".repeat(32)}`, account }, "OTHER_MANIFEST");
    await refused(text, { manifestHash: contentHash, account: addr(999_999) }, "OTHER_ACCOUNT");

    const partial = structuredClone(json);
    partial.chunks = partial.chunks.filter((c) => c.index !== leafChunk.index);
    await refused(encoded(partial), expected, "INCOMPLETE");

    const badProof = structuredClone(json);
    badProof.payoutProofs[0]!.proof[0] = `0x${"00".repeat(32)}`;
    await refused(encoded(badProof), expected, "PAYOUT_PROOF");

    const movedChunk = structuredClone(json);
    movedChunk.chunks.find((c) => c.index === leafChunk.index)!.index += 1;
    await assert.rejects(verifySlice(encoded(movedChunk), expected), SliceError);

    await refused(text.replace('{"account"', '{ "account"'), expected, "MALFORMED");
    await refused(text.slice(0, 100), expected, "MALFORMED");
    await refused(`${text.slice(0, -1)}`, expected, "MALFORMED");
    await assert.rejects(
      verifySlice(text.replace("coherence-manifest-slice-v1", "coherence-manifest-slice-v9"), expected),
      UnsupportedFormatError,
    );
  });

  test("a slice of another epoch is refused against this epoch's hash", async () => {
    const a = await sliced(wideManifest(9, 50, 100));
    const other = await sliced({
      ...wideManifest(9, 50, 100),
      epoch: { ...wideManifest(9, 50, 100).epoch, number: 5n },
    });
    assert.notEqual(a.contentHash, other.contentHash);
    await refused((await other.slice(addr(3))).text, { manifestHash: a.contentHash }, "OTHER_MANIFEST");
  });

  test("the worked example's slices verify, explanations' inputs included", async () => {
    const manifest = workedManifest();
    const { contentHash, slice } = await sliced(manifest);
    for (const leaf of manifest.leaves) {
      const verified = await verifySlice((await slice(leaf.account)).text, { manifestHash: contentHash });
      assert.ok(verified.leaves.some((l) => l.token === leaf.token));
      for (const source of leaf.sources) {
        assert.ok((verified.cited.lineageFlows.get(source.assetId.toString().padStart(78, "0")) ?? []).length > 0);
      }
    }
  });

  test("a v2 manifest has no chunks to slice", async () => {
    const { bytes } = await manifestBytes({ ...workedManifest(), format: "coherence-epoch-manifest-v2" as const });
    await assert.rejects(indexManifestChunks([bytes]), UnsupportedFormatError);
  });
});
