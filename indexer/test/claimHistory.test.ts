/**
 * The per-epoch slice and claim history routes of the claims API on a real chain: a Hardhat node, the protocol
 * deployed, the base scenario (epoch 2 finalised, epoch 5 finalised then revoked, epochs 1 and 4 vetoed, 3
 * expired), `ponder start` on PGlite, and every answer read through the typed client integrators use: slices
 * proven against each epoch's on-chain manifest hash, history pages that follow a real claim, strict parameters.
 */
import assert from "node:assert/strict";
import os from "node:os";
import { after, before, describe, test } from "node:test";
import { ProcessGroup } from "@coherence/devnet";
import { type ClaimHistoryPage, IndexerError, indexerClient, verifySlice } from "@coherence/protocol";

import { publishManifest } from "./support/epochs.ts";
import { startPgliteWorld } from "./support/pgliteWorld.ts";
import { fetchClaims, type Indexer, waitIndexed } from "./support/ponder.ts";
import { addressOf, type Protocol, ROLES } from "./support/protocol.ts";
import type { BaseScenario } from "./support/scenario.ts";

describe("claims API: per-epoch slices and claim history", () => {
  const group = new ProcessGroup();
  let tmp: string;
  let manifestDir: string;
  let protocol: Protocol;
  let scenario: BaseScenario;
  let indexer: Indexer;
  const dave = addressOf(ROLES.dave).toLowerCase() as `0x${string}`;

  before(async () => {
    ({ tmp, manifestDir, protocol, scenario, indexer } = await startPgliteWorld(
      group,
      "ccn-indexer-history-",
      "history_suite",
    ));
  });

  after(() => group.stopAll());

  /** The API's error for `route`: status and body, the body checked to name no server path. */
  async function refusal(route: string): Promise<{ status: number; code: string }> {
    const response = await fetch(`${indexer.url}${route}`);
    const text = await response.text();
    assert.ok(!text.includes(tmp) && !text.includes(os.tmpdir()), text);
    return { status: response.status, code: (JSON.parse(text) as { error: { code: string } }).error.code };
  }

  test("an epoch's slice proves the account's leaves against that epoch's on-chain hash, finalised, revoked or vetoed", async () => {
    const client = indexerClient(indexer.url);
    // The scenario publishes the finalised epochs' manifests; a vetoed proposal's is published here, to be audited.
    await publishManifest(manifestDir, scenario.upheld);
    for (const built of [scenario.epoch2, scenario.revoked, scenario.upheld]) {
      const number = built.manifest.epoch.number;
      const slice = await verifySlice(await client.slice(dave, number), {
        manifestHash: built.manifestHash,
        account: dave,
      });
      assert.equal(slice.header.epoch.number, number);
      assert.deepEqual(
        slice.leaves.map((l) => [l.token, l.previous, l.cumulative]),
        built.manifest.leaves.filter((l) => l.account === dave).map((l) => [l.token, l.previous, l.cumulative]),
        `epoch ${number}`,
      );
      // Another epoch's slice is not this one's.
      if (built !== scenario.epoch2)
        await assert.rejects(
          verifySlice(await client.slice(dave, number), { manifestHash: scenario.epoch2.manifestHash, account: dave }),
        );
    }
    // Without an epoch: the latest finalised one's (epoch 2: epoch 5 was revoked back to it).
    const latest = await verifySlice(await client.slice(dave), { manifestHash: scenario.epoch2.manifestHash });
    assert.equal(latest.header.epoch.number, 2n);
  });

  test("per-epoch slice refusals are JSON with a code: bad account or epoch 400, unknown epoch or account 404", async () => {
    const cases: [string, number, string][] = [
      [`/v1/claims/0x1234/epochs/2/slice`, 400, "INVALID_ADDRESS"],
      [`/v1/claims/${dave}/epochs/02/slice`, 400, "INVALID_EPOCH"],
      [`/v1/claims/${dave}/epochs/-1/slice`, 400, "INVALID_EPOCH"],
      [`/v1/claims/${dave}/epochs/2x/slice`, 400, "INVALID_EPOCH"],
      [`/v1/claims/${dave}/epochs/${"9".repeat(80)}/slice`, 400, "INVALID_EPOCH"],
      [`/v1/claims/${dave}/epochs/99/slice`, 404, "NO_SUCH_EPOCH"],
      // Epoch 1 was vetoed and its manifest never published.
      [`/v1/claims/${dave}/epochs/1/slice`, 502, "MANIFEST_UNAVAILABLE"],
      [`/v1/claims/0x000000000000000000000000000000000000dEaD/epochs/2/slice`, 404, "NO_LEAVES"],
      [`/v1/claims/${dave}/epochs/2/slice/more`, 404, "NOT_FOUND"],
    ];
    for (const [route, status, code] of cases) assert.deepEqual(await refusal(route), { status, code }, route);
    await assert.rejects(indexerClient(indexer.url).slice(dave, 99n), (e: unknown) => {
      assert.ok(e instanceof IndexerError);
      assert.equal(e.code, "NO_SUCH_EPOCH");
      assert.equal(e.status, 404);
      return true;
    });
  });

  test("history: newest first, paged by cursor, each payout's claimed share and claim transaction from a real claim", async () => {
    const client = indexerClient(indexer.url);
    const expected = (built: BaseScenario["epoch2"]) =>
      built.manifest.leaves.filter((l) => l.account === dave).map((l) => [l.token, l.previous, l.amount, l.cumulative]);
    const payouts = (page: ClaimHistoryPage, i: number) =>
      page.epochs[i]!.payouts.map((p) => [p.token, p.previous, p.amount, p.cumulative]);

    const whole = await client.claimHistory(dave);
    assert.deepEqual(
      whole.epochs.map((e) => [e.number, e.status, e.manifestHash]),
      [
        [5n, "revoked", scenario.revoked.manifestHash],
        [2n, "finalised", scenario.epoch2.manifestHash],
      ],
    );
    assert.equal(whole.nextCursor, null);
    assert.deepEqual(payouts(whole, 0), expected(scenario.revoked));
    assert.deepEqual(payouts(whole, 1), expected(scenario.epoch2));
    for (const p of whole.epochs.flatMap((e) => e.payouts)) {
      assert.deepEqual([p.claimedAmount, p.claimed, p.claimTx], [0n, p.amount === 0n, null]);
    }

    // One epoch a page: the cursor leads from epoch 5 to epoch 2, and the second page is the last.
    const first = await client.claimHistory(dave, { limit: 1 });
    assert.deepEqual(
      first.epochs.map((e) => e.number),
      [5n],
    );
    assert.equal(first.nextCursor, "5");
    const second = await client.claimHistory(dave, { limit: 1, cursor: first.nextCursor! });
    assert.deepEqual(
      second.epochs.map((e) => e.number),
      [2n],
    );
    assert.deepEqual(second.epochs, whole.epochs.slice(1));

    // Claim every leaf of epoch 2 with the claims API's proofs: its payouts become claimed, by that transaction.
    const claims = await fetchClaims(indexer, dave);
    const txs = new Map<string, string>();
    for (const leaf of claims.leaves) {
      const receipt = await protocol.call(ROLES.payer, "PayoutDistributor", "claim", [
        dave,
        leaf.token,
        leaf.cumulativeAmount,
        leaf.proof,
      ]);
      txs.set(leaf.token, receipt.transactionHash);
    }
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
    const after = await client.claimHistory(dave);
    const [epoch5, epoch2] = after.epochs;
    for (const p of epoch2!.payouts) {
      assert.deepEqual([p.claimedAmount, p.claimed, p.claimTx, p.claimEpoch], [p.amount, true, txs.get(p.token), 2n]);
    }
    // Epoch 5 (revoked) built on epoch 2: what it added beyond epoch 2's leaves was never claimed.
    for (const p of epoch5!.payouts) {
      const claimed = epoch2!.payouts.find((q) => q.token === p.token)?.cumulative ?? 0n;
      const share = claimed > p.previous ? (claimed > p.cumulative ? p.amount : claimed - p.previous) : 0n;
      assert.equal(p.claimedAmount, share, p.token);
      assert.equal(p.claimed, share === p.amount);
    }
  });

  test("history parameters are strict: limit 1 to 50, a cursor of this API, nothing else", async () => {
    for (const query of ["limit=0", "limit=51", "limit=abc", "limit=1&limit=2", "cursor=abc", "cursor=05", "page=2"])
      assert.deepEqual(
        await refusal(`/v1/claims/${dave}/history?${query}`),
        { status: 400, code: "INVALID_ARGUMENT" },
        query,
      );
    assert.deepEqual(await refusal(`/v1/claims/0x1234/history`), { status: 400, code: "INVALID_ADDRESS" });
    // An account with no payout has an empty history, not an error.
    const none = await indexerClient(indexer.url).claimHistory("0x000000000000000000000000000000000000dEaD");
    assert.deepEqual([none.epochs, none.nextCursor], [[], null]);
  });
});
