import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import type { Hex } from "viem";
import { addr, b32 } from "../epoch/networkArbitrary.ts";
import { type ChainLog, type ChainRevenue, type ChainState, foldLog } from "./chainState.ts";
import {
  ChainStateMismatchError,
  ChainStateMissingError,
  chainStateHash,
  chainStateLines,
  readChainState,
  writeChainState,
} from "./chainStateFile.ts";

const empty = (): ChainState => ({
  block: 0n,
  assets: new Map(),
  contributions: new Map(),
  proposals: new Map(),
  epochs: [],
});

/** What the chain can emit next, by index into what exists so far (taken modulo, so any number fits). */
const step = fc.oneof(
  fc.record({ event: fc.constant("register"), parents: fc.array(fc.nat(), { maxLength: 3 }), uri: fc.string() }),
  fc.record({ event: fc.constant("rateCard"), asset: fc.nat(), clear: fc.boolean() }),
  fc.record({ event: fc.constant("verify"), asset: fc.nat(), author: fc.nat(9) }),
  fc.record({ event: fc.constant("lineage"), asset: fc.nat(), parents: fc.array(fc.nat(), { maxLength: 3 }) }),
  fc.record({
    event: fc.constant("attest"),
    asset: fc.nat(),
    id: fc.nat(40),
    cost: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  }),
  fc.record({ event: fc.constant("revoke"), id: fc.nat(40) }),
  fc.record({ event: fc.constant("revenue"), asset: fc.nat(), amount: fc.bigInt({ min: 1n, max: 10n ** 20n }) }),
  fc.record({ event: fc.constant("propose"), signers: fc.array(fc.nat(9), { maxLength: 3 }) }),
  fc.record({ event: fc.constant("finalise"), proposal: fc.nat() }),
  fc.record({ event: fc.constant("veto"), proposal: fc.nat() }),
  fc.record({ event: fc.constant("revokeRoot"), back: fc.nat(3) }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Turns steps into logs in chain order, two per block; steps that would refer to nothing yet are skipped. */
function logsOf(steps: readonly Step[]): ChainLog[] {
  const logs: ChainLog[] = [];
  let assets = 0;
  const proposals: { hash: Hex; epoch: bigint }[] = [];
  let finalised = 0n;
  const push = (eventName: string, args: Record<string, unknown>) => {
    const n = logs.length;
    logs.push({
      eventName,
      args,
      blockNumber: BigInt(10 + Math.floor(n / 2)),
      logIndex: n % 2,
      transactionHash: b32(0x7000 + n),
    } as unknown as ChainLog);
  };
  const asset = (i: number) => BigInt((i % assets) + 1);
  const parents = (xs: readonly number[]) =>
    [...new Set(xs.map((x) => x % Math.max(assets, 1)))].map((x) => BigInt(x + 1));
  for (const s of steps) {
    switch (s.event) {
      case "register": {
        const ps = assets === 0 ? [] : parents(s.parents);
        push("AssetRegistered", {
          assetId: BigInt(++assets),
          owner: addr(assets),
          contentHash: b32(assets),
          kind: assets % 4,
          uri: s.uri,
          parents: ps,
          parentWeightsBps: ps.map(() => 1000),
          upstreamShareBps: ps.length * 1000,
        });
        break;
      }
      case "rateCard":
        if (assets > 0)
          push("RateCardSet", { assetId: asset(s.asset), rateCardHash: s.clear ? b32(0) : b32(0x900 + s.asset) });
        break;
      case "verify":
        if (assets > 0) push("AuthorshipVerified", { assetId: asset(s.asset), author: addr(0x50 + s.author) });
        break;
      case "lineage": {
        if (assets === 0) break;
        const ps = parents(s.parents);
        push("LineageReset", {
          assetId: asset(s.asset),
          parents: ps,
          parentWeightsBps: ps.map(() => 500),
          upstreamShareBps: ps.length * 500,
        });
        break;
      }
      case "attest":
        if (assets > 0) {
          push("ContributionAttested", {
            id: b32(0x100 + s.id),
            assetId: asset(s.asset),
            contributor: addr(0x20 + (s.id % 5)),
            attester: addr(0x30),
            laborMicroUsd: s.cost,
            toolsMicroUsd: s.cost / 2n,
            computeMicroUsd: 0n,
            evidenceHash: b32(0x200 + s.id),
            evidenceUri: `ipfs://e${s.id}`,
          });
        }
        break;
      case "revoke":
        push("ContributionRevoked", { id: b32(0x100 + s.id) });
        break;
      case "revenue":
        if (assets > 0) {
          push("RevenuePaid", {
            assetId: asset(s.asset),
            token: addr(0xa0),
            payer: addr(0xbb),
            amount: s.amount,
            fee: s.amount / 100n,
            reserve: 0n,
            pool: s.amount - s.amount / 100n,
          });
        }
        break;
      case "propose": {
        const epoch = finalised + 1n;
        const hash = b32(0x3000 + proposals.length);
        proposals.push({ hash, epoch });
        push("EpochProposed", {
          proposalHash: hash,
          proposal: {
            epoch,
            fromBlock: 1n,
            toBlock: BigInt(logs.length),
            payoutRoot: b32(0x400 + proposals.length),
            scoresRoot: b32(0x500),
            manifestHash: b32(0x600 + proposals.length),
            tokens: [addr(0xa0)],
            totals: [BigInt(proposals.length)],
          },
          signers: s.signers.map((x) => addr(0x60 + x)),
        });
        break;
      }
      case "finalise":
        if (proposals.length > 0) {
          const p = proposals[s.proposal % proposals.length]!;
          if (p.epoch === finalised + 1n) {
            finalised = p.epoch;
            push("EpochFinalised", { epoch: p.epoch, proposalHash: p.hash });
          }
        }
        break;
      case "veto":
        if (proposals.length > 0) push("EpochVetoed", { proposalHash: proposals[s.proposal % proposals.length]!.hash });
        break;
      case "revokeRoot":
        if (finalised > 0n) {
          finalised = finalised - BigInt(s.back) > 0n ? finalised - BigInt(s.back) : 0n;
          push("FinalisedRootRevoked", { restoredEpoch: finalised });
        }
        break;
    }
  }
  return logs;
}

function fold(state: ChainState, logs: readonly ChainLog[], toBlock: bigint): ChainRevenue[] {
  const revenue: ChainRevenue[] = [];
  for (const log of logs) foldLog(state, log, (r) => revenue.push(r));
  state.block = toBlock;
  return revenue;
}

const text = (state: ChainState) => [...chainStateLines(state)].join("");

describe("chain state", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-chain-state-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("folding all logs at once equals saving the state at any block, loading it and folding the rest", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.nat(), async (steps, cut) => {
        const logs = logsOf(steps);
        const lastBlock = logs.at(-1)?.blockNumber ?? 10n;
        const whole = empty();
        const allRevenue = fold(whole, logs, lastBlock);

        // Cut between blocks, as an epoch does.
        const at = BigInt(9 + (cut % Number(lastBlock - 8n)));
        const first = empty();
        fold(
          first,
          logs.filter((l) => l.blockNumber <= at),
          at,
        );
        const file = path.join(dir, `state-${run++}.jsonl`);
        const hash = await writeChainState(file, first);
        assert.equal(hash, await chainStateHash(first));
        const loaded = await readChainState(file, { block: at, hash });
        assert.equal(text(loaded), text(first), "a state reads back to the same bytes");
        assert.deepEqual(loaded, first);
        const later = fold(
          loaded,
          logs.filter((l) => l.blockNumber > at),
          lastBlock,
        );

        assert.equal(text(loaded), text(whole));
        assert.equal(await chainStateHash(loaded), await chainStateHash(whole));
        assert.deepEqual(loaded, whole);
        assert.deepEqual(
          later,
          allRevenue.filter((r) => r.blockNumber > at),
        );
      }),
      { numRuns: 150 },
    );
  });

  test("refuses a state whose bytes or block are not the committed ones, and names a missing one", async () => {
    const state = empty();
    fold(
      state,
      logsOf([
        { event: "register", parents: [], uri: "ipfs://a" },
        { event: "attest", asset: 0, id: 1, cost: 5n },
      ]),
      20n,
    );
    const file = path.join(dir, "tampered.jsonl");
    const hash = await writeChainState(file, state);
    await assert.rejects(readChainState(file, { block: 21n, hash }), ChainStateMismatchError);
    const bytes = await readFile(file, "utf8");
    await writeFile(file, bytes.replace('"laborMicroUsd":"5"', '"laborMicroUsd":"6"'));
    await assert.rejects(readChainState(file, { block: 20n, hash }), ChainStateMismatchError);
    await writeFile(file, bytes.replace('"laborMicroUsd":"5"', '"laborMicroUsd":5'));
    await assert.rejects(readChainState(file, { block: 20n, hash }), ChainStateMismatchError);
    await assert.rejects(readChainState(path.join(dir, "absent.jsonl"), { block: 20n, hash }), ChainStateMissingError);
    await writeFile(file, bytes);
    assert.deepEqual(await readChainState(file, { block: 20n, hash }), state);
  });
});
