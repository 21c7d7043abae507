/**
 * The indexer end to end on its embedded database (PGlite): a real Hardhat node, the protocol deployed by the
 * deploy function, activity covering every event, `ponder start` as a real process, and everything checked
 * through the HTTP API: every table against the reference model, resonance, the claims API (proofs accepted
 * on-chain, tampered manifests refused), bad requests, live indexing and a reorg.
 */
import assert from "node:assert/strict";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ProcessGroup, rpc, waitFor } from "@coherence/devnet";
import { claimLeafSchema, indexerClient, verifySlice } from "@coherence/protocol";
import { getIntrospectionQuery } from "graphql";
import type { Address } from "viem";
import {
  assertAuthorshipAndCorrections,
  assertBaseResonance,
  assertEveryEventCovered,
  assertLineageWalk,
  assertMatchesModel,
} from "./support/assertions.ts";
import { startPgliteWorld } from "./support/pgliteWorld.ts";
import { fetchClaims, graphql, graphqlRaw, type Indexer, waitIndexed } from "./support/ponder.ts";
import { ABIS, addressOf, type Protocol, ROLES } from "./support/protocol.ts";
import { type BaseScenario, contributionOf, pay, register } from "./support/scenario.ts";

describe("indexer on PGlite", () => {
  const group = new ProcessGroup();
  let tmp: string;
  let manifestDir: string;
  let protocol: Protocol;
  let scenario: BaseScenario;
  let indexer: Indexer;
  let chainUrl: string;

  before(async () => {
    ({ tmp, manifestDir, chainUrl, protocol, scenario, indexer } = await startPgliteWorld(
      group,
      "ccn-indexer-pglite-",
      "pglite_suite",
    ));
  });

  after(() => group.stopAll());

  test("the scenario emits every event of the four contracts and their timelock", () => {
    assertEveryEventCovered(protocol);
  });

  test("every table matches the reference model built from the receipts", async () => {
    await assertMatchesModel(indexer, protocol);
  });

  test("resonance: descendants, contributor counts and diversity of the lineage", async () => {
    await assertBaseResonance(indexer, scenario);
  });

  test("one GraphQL query walks asset -> parents/children -> contributions -> contributor", async () => {
    await assertLineageWalk(indexer, scenario, protocol);
  });

  test("chosen attesters, rate cards, verified authorship, a reclaim, a corrected contribution and a struck one", async () => {
    await assertAuthorshipAndCorrections(indexer, scenario, protocol);
  });

  test("epochs: epoch 1 vetoed (its number burnt), epoch 2 finalised, with totals, signers and deadline", async () => {
    type Epoch = {
      id: string;
      status: string;
      manifestHash: string;
      signers: string[];
      vetoReason: string | null;
      tokenTotals: { items: { token: string; total: string }[] };
    };
    const data = await graphql<{ epochs: { items: [vetoed: Epoch, finalised: Epoch] } }>(
      indexer,
      `{ epochs(orderBy: "id") { items { id status manifestHash signers vetoReason tokenTotals { items { token total } } } } }`,
    );
    const [vetoed, finalised] = data.epochs.items;
    assert.equal(vetoed.id, "1");
    assert.equal(vetoed.status, "vetoed");
    assert.equal(vetoed.vetoReason, "scores disputed");
    assert.equal(vetoed.manifestHash, scenario.vetoed.manifestHash);
    assert.equal(finalised.id, "2");
    assert.equal(finalised.status, "finalised");
    assert.equal(finalised.manifestHash, scenario.epoch2.manifestHash);
    assert.deepStrictEqual(finalised.signers, [4, 5, 6].map(addressOf).sort());
    assert.deepStrictEqual(
      finalised.tokenTotals.items.map((t) => [t.token, t.total]).sort(),
      scenario.epoch2.manifest.epoch.tokens.map((t) => [t.token, t.cumulative.toString()]).sort(),
    );
    const network = await graphql<{
      networkTokens: { items: { id: string; allocated: string; claimed: string; unclaimed: string; funded: string }[] };
    }>(indexer, `{ networkTokens { items { id allocated claimed unclaimed funded } } }`);
    for (const token of network.networkTokens.items)
      assert.equal(BigInt(token.unclaimed), BigInt(token.allocated) - BigInt(token.claimed));
  });

  test("epoch 3 expired and was cleared; the token allowlist and its history", async () => {
    const data = await graphql<{
      epoch: { status: string; expiredBy: string; manifestHash: string } | null;
      networkTotal: { expiredCount: number; pendingEpoch: string | null; latestFinalisedEpoch: string };
      networkTokens: { items: { id: string; allowed: boolean }[] };
      parameterChanges: { items: { value: string; event: string }[] };
    }>(
      indexer,
      `query($param: String!) {
        epoch(id: "3") { status expiredBy manifestHash }
        networkTotal(id: "network") { expiredCount pendingEpoch latestFinalisedEpoch }
        networkTokens { items { id allowed } }
        parameterChanges(where: { parameterId: $param }, orderBy: "blockNumber") { items { value event } }
      }`,
      { param: `PayoutDistributor:tokenAllowed:${scenario.thirdToken}` },
    );
    assert.deepStrictEqual(data.epoch, {
      status: "expired",
      expiredBy: addressOf(ROLES.payer),
      manifestHash: scenario.expired.manifestHash,
    });
    assert.deepStrictEqual(data.networkTotal, { expiredCount: 1, pendingEpoch: null, latestFinalisedEpoch: "2" });
    const { usd, eth } = protocol.tokens;
    assert.deepStrictEqual(
      data.networkTokens.items.map((t) => [t.id, t.allowed]).sort(),
      [
        [usd, true],
        [eth, true],
        [scenario.thirdToken, false],
      ].sort(),
    );
    assert.deepStrictEqual(
      data.parameterChanges.items.map((c) => c.value),
      ["true", "false"],
    );
  });

  test("epoch 5 was finalised, then revoked by governance back to epoch 2, whose root claims are checked against again", async () => {
    const data = await graphql<{
      epoch: { status: string; restoredEpoch: string; revokeReason: string; finalisedTx: string | null } | null;
      networkTotal: { finalisedEpochCount: number; revokedEpochCount: number; latestFinalisedEpoch: string };
    }>(
      indexer,
      `{
        epoch(id: "5") { status restoredEpoch revokeReason finalisedTx }
        networkTotal(id: "network") { finalisedEpochCount revokedEpochCount latestFinalisedEpoch }
      }`,
    );
    assert.equal(data.epoch?.status, "revoked");
    assert.equal(data.epoch?.restoredEpoch, "2");
    assert.equal(data.epoch?.revokeReason, "epoch 5 paid a key the treasury reported stolen");
    assert.ok(data.epoch?.finalisedTx, "it was finalised first");
    assert.deepStrictEqual(data.networkTotal, {
      finalisedEpochCount: 1,
      revokedEpochCount: 1,
      latestFinalisedEpoch: "2",
    });
    const root = await protocol.public.readContract({
      address: protocol.addresses.PayoutDistributor,
      abi: ABIS.PayoutDistributor,
      functionName: "root",
    });
    assert.equal(root, scenario.epoch2.proposal.payoutRoot);
  });

  test("disputes: epoch 2's rejected by governance (then finalised), epoch 4's upheld by a guardian", async () => {
    type Dispute = {
      id: string;
      status: string;
      disputer: string;
      token: string;
      bond: string;
      reason: string;
      resolvedBy: string | null;
      reward: string | null;
      resolutionReason: string | null;
    };
    type Epoch = { status: string; disputeCount: number; disputeStatus: string | null; disputes: { items: Dispute[] } };
    const data = await graphql<{
      e2: Epoch;
      e4: Epoch;
      e3: Epoch;
      networkTotal: Record<string, string | number | null>;
      parameters: { items: { id: string; value: string }[] };
    }>(
      indexer,
      `{
        e2: epoch(id: "2") { ...e } e3: epoch(id: "3") { ...e } e4: epoch(id: "4") { ...e }
        networkTotal(id: "network") { disputeCount upheldDisputeCount rejectedDisputeCount disputeToken disputeBond
          disputeReward disputeTreasury vetoedCount }
        parameters(where: { id_starts_with: "PayoutDistributor:dispute" }, orderBy: "id") { items { id value } }
      }
      fragment e on epoch { status disputeCount disputeStatus
        disputes { items { id status disputer token bond reason resolvedBy reward resolutionReason } } }`,
    );
    const { token, bond, reward, treasury } = scenario.disputeTerms;
    const disputer = addressOf(ROLES.disputer);
    const posted = { disputer, token, bond: bond.toString() };
    assert.deepStrictEqual(data.e2, {
      status: "finalised",
      disputeCount: 1,
      disputeStatus: "rejected",
      disputes: {
        items: [
          {
            id: "2-1",
            status: "rejected",
            ...posted,
            reason: "epoch 2 repeats the vetoed epoch 1",
            resolvedBy: protocol.addresses.CoherenceTimelock,
            reward: "0",
            resolutionReason: "the same blocks, with new signatures: nothing wrong",
          },
        ],
      },
    });
    assert.deepStrictEqual(data.e3, {
      status: "expired",
      disputeCount: 0,
      disputeStatus: null,
      disputes: { items: [] },
    });
    assert.deepStrictEqual(data.e4, {
      status: "vetoed",
      disputeCount: 1,
      disputeStatus: "upheld",
      disputes: {
        items: [
          {
            id: "4-1",
            status: "upheld",
            ...posted,
            reason: "epoch 4 scores an asset twice",
            resolvedBy: addressOf(ROLES.guardian),
            reward: reward.toString(),
            resolutionReason: "confirmed: asset 2 counted twice",
          },
        ],
      },
    });
    assert.deepStrictEqual(data.networkTotal, {
      disputeCount: 2,
      upheldDisputeCount: 1,
      rejectedDisputeCount: 1,
      disputeToken: token,
      disputeBond: bond.toString(),
      disputeReward: reward.toString(),
      disputeTreasury: treasury,
      vetoedCount: 2,
    });
    assert.deepStrictEqual(data.parameters.items, [
      { id: "PayoutDistributor:disputeBond", value: bond.toString() },
      { id: "PayoutDistributor:disputeReward", value: reward.toString() },
      { id: "PayoutDistributor:disputeToken", value: token },
      { id: "PayoutDistributor:disputeTreasury", value: treasury },
    ]);
    // The disputer got back the upheld bond and the reward; the rejected bond went to the treasury.
    const balance = (account: Address) =>
      protocol.public.readContract({ address: token, abi: ABIS.DemoToken, functionName: "balanceOf", args: [account] });
    assert.equal(await balance(disputer), bond + reward);
  });

  test("governance: a batch decoded call by call, a cancelled change, one waiting its delay, the delay changed", async () => {
    type Operation = {
      id: string;
      status: string;
      callCount: number;
      delay: string;
      readyAt: string;
      scheduledAt: string;
      scheduledBy: string;
      cancelledBy: string | null;
      calls: { items: { index: number; targetName: string | null; signature: string | null; argValues: string[] }[] };
    };
    const data = await graphql<{
      governanceOperations: { items: Operation[] };
      networkTotal: { governanceDelay: string; scheduledOperationCount: number };
      roleMembers: { items: { roleName: string; account: string }[] };
    }>(
      indexer,
      `{
        governanceOperations(limit: 100) { items { id status callCount delay readyAt scheduledAt scheduledBy cancelledBy
          calls(orderBy: "index") { items { index targetName signature argValues } } } }
        networkTotal(id: "network") { governanceDelay scheduledOperationCount }
        roleMembers(where: { contract: "CoherenceTimelock", active: true }) { items { roleName account } }
      }`,
    );
    const byId = new Map(data.governanceOperations.items.map((o) => [o.id, o]));
    const calls = (id: string) => byId.get(id)!.calls.items.map((c) => [c.targetName, c.signature, c.argValues]);
    assert.deepStrictEqual(calls(scenario.batch), [
      ["PayoutDistributor", "setTokenAllowed(address,bool)", [scenario.thirdToken, "true"]],
      ["RevenueRouter", "setReserve(address)", [addressOf(ROLES.reserve)]],
    ]);
    assert.equal(byId.get(scenario.batch)!.status, "executed");
    assert.equal(byId.get(scenario.batch)!.callCount, 2);
    assert.equal(byId.get(scenario.cancelled)!.status, "cancelled");
    assert.equal(byId.get(scenario.cancelled)!.cancelledBy, addressOf(ROLES.guardian));
    const waiting = byId.get(scenario.waiting)!;
    assert.deepStrictEqual(calls(scenario.waiting), [["PayoutDistributor", "setThreshold(uint8)", ["4"]]]);
    assert.equal(waiting.status, "scheduled");
    assert.equal(waiting.scheduledBy, addressOf(ROLES.governor));
    assert.equal(waiting.delay, "10800");
    assert.equal(BigInt(waiting.readyAt), BigInt(waiting.scheduledAt) + 10_800n);
    assert.deepStrictEqual(data.networkTotal, { governanceDelay: "10800", scheduledOperationCount: 1 });
    assert.deepStrictEqual(
      data.roleMembers.items.map((m) => `${m.roleName}:${m.account}`).sort(),
      [
        `DEFAULT_ADMIN_ROLE:${protocol.addresses.CoherenceTimelock}`,
        `PROPOSER_ROLE:${addressOf(ROLES.governor)}`,
        `CANCELLER_ROLE:${addressOf(ROLES.governor)}`,
        `CANCELLER_ROLE:${addressOf(ROLES.guardian)}`,
        "EXECUTOR_ROLE:0x0000000000000000000000000000000000000000",
      ].sort(),
    );
  });

  test("claims API: a tampered, truncated or missing manifest is refused with a clear error", async () => {
    const file = path.join(manifestDir, "epoch-2.json");
    const original = await readFile(file);
    const dave = addressOf(ROLES.dave);
    try {
      await writeFile(file, original.toString("utf8").replace("indexer-test@2", "indexer-test@X"));
      let response = await fetch(`${indexer.url}/claims/${dave}`);
      assert.equal(response.status, 502);
      let body = (await response.json()) as { error: Record<string, string> };
      assert.equal(body.error.code, "MANIFEST_HASH_MISMATCH");
      assert.equal(body.error.expectedManifestHash, scenario.epoch2.manifestHash);
      assert.notEqual(body.error.actualManifestHash, scenario.epoch2.manifestHash);
      assert.match(body.error.message ?? "", /refusing it/);

      await writeFile(file, original.subarray(0, original.length - 100));
      response = await fetch(`${indexer.url}/claims/${dave}`);
      body = (await response.json()) as { error: Record<string, string> };
      assert.equal(response.status, 502);
      assert.equal(body.error.code, "MANIFEST_INVALID");

      await rm(file);
      response = await fetch(`${indexer.url}/claims/${dave}`);
      body = (await response.json()) as { error: Record<string, string> };
      assert.equal(response.status, 502);
      assert.equal(body.error.code, "MANIFEST_UNAVAILABLE");
      assert.equal(body.error.source, "epoch-2.json");

      // No server path in an error, even with the manifest directory gone.
      const moved = `${manifestDir}-moved`;
      await rename(manifestDir, moved);
      try {
        response = await fetch(`${indexer.url}/claims/${dave}`);
        const text = await response.text();
        assert.equal(response.status, 502);
        assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, "MANIFEST_UNAVAILABLE");
        assert.ok(!text.includes(tmp) && !text.includes(os.tmpdir()), text);
      } finally {
        await rename(moved, manifestDir);
      }
    } finally {
      await writeFile(file, original);
    }
  });

  test("claims API: leaves with proofs the distributor accepts, explanations and claimed amounts", async () => {
    const dave = addressOf(ROLES.dave);
    const claims = await fetchClaims(indexer, dave.toUpperCase().replace("0X", "0x"));
    assert.equal(claims.account, dave);
    assert.equal(claims.epoch.number, 2n);
    assert.equal(claims.epoch.manifestHash, scenario.epoch2.manifestHash);
    const expected = scenario.epoch2.manifest.leaves.filter((l) => l.account === dave);
    assert.deepStrictEqual(
      claims.leaves.map((l) => [l.token, l.cumulativeAmount, l.claimed, l.claimable]),
      expected.map((l) => [l.token, l.cumulative, 0n, l.cumulative]),
    );
    // The sources are the manifest's as it stores them (a contribution's asset and contributor are implied).
    const sources = claimLeafSchema.fields.sources;
    assert.deepStrictEqual(
      claims.leaves.map((l) => sources.encode(l.sources)),
      expected.map((l) => sources.encode(l.sources)),
    );
    for (const leaf of claims.leaves) {
      assert.ok(leaf.explanation[0]!.startsWith(`${dave} receives`), leaf.explanation[0]);
      assert.ok(leaf.sources.length > 0);
      // The proof from the API is the one the contract verifies: claim with it.
      await protocol.call(ROLES.payer, "PayoutDistributor", "claim", [
        dave,
        leaf.token,
        leaf.cumulativeAmount,
        leaf.proof,
      ]);
    }
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
    const again = await fetchClaims(indexer, dave);
    for (const leaf of again.leaves) {
      assert.equal(leaf.claimed, leaf.cumulativeAmount);
      assert.equal(leaf.claimable, 0n);
    }
    await assertMatchesModel(indexer, protocol);
  });

  test("slice API: dave's slice verifies against epoch 2's on-chain manifest hash and carries only some chunks", async () => {
    const dave = addressOf(ROLES.dave).toLowerCase() as `0x${string}`;
    const response = await fetch(`${indexer.url}/v1/claims/${dave}/slice`);
    assert.equal(response.status, 200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const slice = await verifySlice(bytes, { manifestHash: scenario.epoch2.manifestHash, account: dave });
    assert.deepEqual(
      slice.leaves.map((l) => [l.token, l.cumulative]),
      scenario.epoch2.manifest.leaves.filter((l) => l.account === dave).map((l) => [l.token, l.cumulative]),
    );
    // This small epoch's slice is about its manifest's size; what shows it is a slice: never the trees' nodes.
    const carried = (JSON.parse(new TextDecoder().decode(bytes)) as { chunks: unknown[] }).chunks.length;
    assert.ok(carried < 1 + slice.sections.reduce((n, s) => n + s.chunks, 0), `${carried} chunks`);
    const invalid = await fetch(`${indexer.url}/v1/claims/0x1234/slice`);
    assert.equal(invalid.status, 400);
  });

  test("account history (v1): dave's payouts in finalised epoch 2 and revoked epoch 5, and his claims", async () => {
    const dave = addressOf(ROLES.dave);
    // Through the typed client integrators use: decoded by the protocol's schema.
    const history = await indexerClient(indexer.url).history(dave);
    // Leaves are cumulative: whoever earned in epoch 2 has a leaf in epoch 5, built on it.
    assert.deepStrictEqual(
      history.epochs.map((e) => [e.number, e.status, e.manifestHash]),
      [
        [2n, "finalised", scenario.epoch2.manifestHash],
        [5n, "revoked", scenario.revoked.manifestHash],
      ],
    );
    const epoch2 = history.epochs.find((e) => e.number === 2n)!;
    assert.deepStrictEqual(
      epoch2.payouts.map((p) => [p.token, p.previous, p.amount, p.cumulative]),
      scenario.epoch2.manifest.leaves
        .filter((l) => l.account === dave)
        .map((l) => [l.token, l.previous, l.amount, l.cumulative]),
    );
    // The claims test before this one claimed every leaf of dave's with the claims API's proofs.
    assert.deepStrictEqual(
      history.claims.map((c) => [c.kind, c.token, c.amount, c.epochNumber]).sort(),
      epoch2.payouts.map((p) => ["claim", p.token, p.cumulative, 2n]).sort(),
    );
    // The same payouts as an Atom feed: an entry per epoch, newest first, amounts in the token's own units.
    const feed = await fetch(`${indexer.url}/v1/accounts/${dave}/feed.atom`);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get("content-type") ?? "", /^application\/atom\+xml/);
    const atom = await feed.text();
    assert.deepStrictEqual(
      [...atom.matchAll(/<id>urn:coherence:\d+:epoch:(\d+):(\w+):0x[0-9a-f]{40}<\/id>/g)].map((m) => [m[1], m[2]]),
      [
        ["5", "revoked"],
        ["2", "finalised"],
      ],
    );
    assert.doesNotMatch(atom, /\d 0x[0-9a-f]{40}/, "every token is named by its symbol, read from the chain");
    const legacy = await fetch(`${indexer.url}/v1/claims/${dave}`);
    assert.equal(legacy.status, 200, "the claims API under /v1 too");
    const invalid = await fetch(`${indexer.url}/v1/accounts/0x1234/history`);
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { error: { code: string } }).error.code, "INVALID_ADDRESS");
  });

  test("bad requests get clear errors", async () => {
    // Malformed and unknown accounts.
    let response = await fetch(`${indexer.url}/claims/0x1234`);
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, "INVALID_ADDRESS");
    response = await fetch(`${indexer.url}/claims/0x000000000000000000000000000000000000dEaD`);
    assert.equal(response.status, 404);
    const unknown = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(unknown.error.code, "NO_LEAVES");
    assert.match(unknown.error.message, /has no payout in epoch 2/);
    // Every 404 is a JSON API error, Ponder's fallback included.
    for (const route of ["/no-such-route", "/claims", "/claims/0x0000000000000000000000000000000000000001/more"]) {
      response = await fetch(`${indexer.url}${route}`);
      assert.equal(response.status, 404, route);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "NOT_FOUND", route);
    }

    // Too deep: the lineage walk nested beyond the depth limit.
    let deep = "id";
    for (let i = 0; i < 8; i++) deep = `children { items { child { ${deep} } } }`;
    let result = await graphqlRaw(indexer, `{ asset(id: "1") { ${deep} } }`);
    assert.equal(result.status, 400);
    assert.match(result.body.errors?.[0]?.message ?? "", /depth limit of 12 exceeded/i);
    assert.equal(result.body.data, undefined);

    // Too large: too many tokens, too many aliases, too big a body.
    result = await graphqlRaw(indexer, `{ asset(id: "1") { ${Array(2100).fill("id").join(" ")} } }`);
    assert.match(result.body.errors?.[0]?.message ?? "", /token limit of 2000 exceeded/i);
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: asset(id: "1") { id }`).join(" ");
    result = await graphqlRaw(indexer, `{ ${aliases} }`);
    assert.match(result.body.errors?.[0]?.message ?? "", /aliases limit/i);
    response = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ asset(id: "1") { id } }`, padding: "x".repeat(64 * 1024) }),
    });
    assert.equal(response.status, 413);
    assert.match(JSON.stringify(await response.json()), /Request body too large/);

    // Malformed queries.
    result = await graphqlRaw(indexer, `{ asset(id: "1") { id `);
    assert.match(result.body.errors?.[0]?.message ?? "", /Syntax Error/);
    result = await graphqlRaw(indexer, `{ asset(id: "1") { noSuchField } }`);
    assert.match(result.body.errors?.[0]?.message ?? "", /Cannot query field "noSuchField"/);
  });

  test("issue 16: poisoning, fan-out, introspection, bad arguments and CORS fail safely", async () => {
    const query = JSON.stringify({ query: `{ networkTotal(id: "network") { assetCount } }` });
    const post = (headers: Record<string, string>, body = query) =>
      fetch(`${indexer.url}/graphql`, { method: "POST", headers, body });
    const json = { "content-type": "application/json" };

    // Poisoning: a text/plain POST is refused (never reaching Ponder, which answers it with an empty 200), an
    // event stream is not cached, and the JSON client that follows each gets JSON.
    let response = await post({ "content-type": "text/plain" });
    assert.equal(response.status, 415);
    assert.equal(
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    response = await post({ ...json, accept: "text/event-stream" });
    assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
    await response.text();
    for (let i = 0; i < 2; i++) {
      response = await post(json);
      assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
      assert.equal(
        typeof ((await response.json()) as { data: { networkTotal: { assetCount: number } } }).data.networkTotal
          .assetCount,
        "number",
      );
    }
    // A variable the query does not declare is no cache buster.
    response = await post(json, JSON.stringify({ query: JSON.parse(query).query, variables: { bust: Math.random() } }));
    assert.equal(response.headers.get("x-cache"), "hit");

    // Fan-out: refused before execution with its cost and the limit.
    const fanOut = `{ assets(limit: 1000) { items { contributions(limit: 1000) { items { contributor {
      contributions(limit: 1000) { items { asset { contributions(limit: 1000) { items { id evidenceUri } } } } } } } } } } }`;
    const refused = await graphqlRaw(indexer, fanOut);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.data, undefined);
    const error = refused.body.errors![0]!;
    assert.equal(error.extensions?.code, "QUERY_TOO_COSTLY");
    assert.equal(error.extensions?.limit, "50000");
    assert.match(error.message, /^Query cost \d+ exceeds the limit of 50000/);

    // Introspection: the query GraphiQL and code generators send is answered.
    const introspection = await graphql<{ __schema: { types: { name: string }[] } }>(indexer, getIntrospectionQuery());
    assert.ok(introspection.__schema.types.some((t) => t.name === "asset"));

    // Arguments Ponder would misread, and a garbled cursor: clear errors.
    for (const [bad, message] of [
      [`{ assets(limit: -1) { items { id } } }`, "assets(limit:) expects an integer 0..1000, got -1."],
      [
        `{ assets(orderDirection: "up") { items { id } } }`,
        'assets(orderDirection:) expects "asc" or "desc", got "up".',
      ],
      [
        `{ assets(after: "garbage") { items { id } } }`,
        'assets(after:) expects a cursor from pageInfo (startCursor or endCursor), got "garbage".',
      ],
    ] as const) {
      const result = await graphqlRaw(indexer, bad);
      assert.equal(result.status, 400, bad);
      assert.equal(result.body.errors?.[0]?.message, message);
      assert.equal(result.body.errors?.[0]?.extensions?.code, "INVALID_ARGUMENT");
    }

    // CORS: the local web app may read the answers, another origin may not.
    const dave = addressOf(ROLES.dave);
    response = await post({ ...json, origin: "http://127.0.0.1:5173" });
    assert.equal(response.headers.get("access-control-allow-origin"), "http://127.0.0.1:5173");
    response = await post({ ...json, origin: "https://evil.example" });
    assert.equal(response.headers.get("access-control-allow-origin"), null);
    response = await fetch(`${indexer.url}/claims/${dave}`, { headers: { origin: "https://evil.example" } });
    assert.equal(response.headers.get("access-control-allow-origin"), null);
  });

  test("answers are served from the cache until the indexer moves, and fresh right after", async () => {
    const query = JSON.stringify({ query: `{ networkTotal(id: "network") { assetCount } }` });
    const post = () =>
      fetch(`${indexer.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: query });
    await post();
    const cached = await post();
    assert.equal(cached.headers.get("x-cache"), "hit");
    const before = ((await cached.json()) as { data: { networkTotal: { assetCount: number } } }).data.networkTotal
      .assetCount;
    await register(protocol, ROLES.bob, "cache-probe", 1, []);
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
    const fresh = ((await (await post()).json()) as { data: { networkTotal: { assetCount: number } } }).data
      .networkTotal.assetCount;
    assert.equal(fresh, before + 1);
  });

  test("live: new events become queryable while the indexer runs", async () => {
    const { a5 } = scenario.assets;
    const live = await register(protocol, ROLES.dave, "live", 5, [[a5, 2500]]);
    await protocol.call(ROLES.attester, "ContributionLedger", "attest", [
      contributionOf(ROLES.dave, live, [700_000n, 0n, 0n], "live"),
    ]);
    await pay(protocol, live, protocol.tokens.usd, 42_000_000n);
    const data = await waitFor(
      "the new asset and its payment to be queryable",
      async () => {
        const d = await graphql<{
          asset: {
            id: string;
            payments: { items: { amount: string }[] };
            resonance: { contributorCount: number } | null;
          } | null;
        }>(
          indexer,
          `query($id: BigInt!) { asset(id: $id) { id payments { items { amount } } resonance { contributorCount } } }`,
          { id: live.toString() },
        );
        return d.asset?.payments.items.length === 1 ? d : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    assert.equal(data.asset!.resonance!.contributorCount, 1);
    const a1 = await graphql<{ resonance: { descendants: number } | null }>(
      indexer,
      `{ resonance(id: "${scenario.assets.a1}") { descendants } }`,
    );
    assert.equal(a1.resonance!.descendants, 6, "the new asset is a descendant of A1 through A3/A4 and A5");
    await assertMatchesModel(indexer, protocol);
  });

  test("reorg: after a revert and a different history, the API follows the new canonical chain", async () => {
    const snapshotBlock = await protocol.blockNumber();
    const snapshot = await rpc<string>(chainUrl, "evm_snapshot");
    const reused = await register(protocol, ROLES.alice, "orphaned", 0, [[scenario.assets.a5, 1000]]);
    await protocol.call(ROLES.attester, "ContributionLedger", "attest", [
      contributionOf(ROLES.bob, reused, [1n, 0n, 0n], "orphaned"),
    ]);
    // Wait for the whole orphaned head, not just the asset: a block Ponder is still fetching when the
    // revert lands is asked for by a hash the node no longer knows, and Ponder retries that
    // request with backoff for minutes instead of re-reading the chain.
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
    const orphaned = await graphql<{ asset: { contentHash: string } | null }>(
      indexer,
      `{ asset(id: "${reused}") { contentHash } }`,
    );
    assert.ok(orphaned.asset, "the orphaned asset was indexed before the revert");

    assert.equal(await rpc<boolean>(chainUrl, "evm_revert", [snapshot]), true);
    protocol.forgetAfter(snapshotBlock);
    const replacement = await register(protocol, ROLES.carol, "canonical", 6, [[scenario.assets.a2, 500]]);
    assert.equal(replacement, reused, "the new history reuses the asset id");
    await pay(protocol, replacement, protocol.tokens.eth, 5n * 10n ** 17n);
    const head = await protocol.blockNumber();
    await waitFor(
      "the indexer to follow the new history",
      async () => {
        const d = await graphql<{
          asset: { contentHash: string; kind: string; payments: { items: { id: string }[] } } | null;
        }>(indexer, `{ asset(id: "${reused}") { contentHash kind payments { items { id } } } }`);
        return d.asset?.kind === "Other" && d.asset.payments.items.length === 1 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- ponder output ---\n${indexer.process.output().slice(-6000)}`);
    });
    await waitIndexed(indexer, Number(head));
    assert.match(indexer.process.output(), /reorg/i, "Ponder went through its reorg path");
    await assertMatchesModel(indexer, protocol);
    const orphan = await graphql<{ contributions: { items: { id: string }[] } }>(
      indexer,
      `{ contributions(where: { evidenceUri: "git:commit/orphaned" }) { items { id } } }`,
    );
    assert.equal(orphan.contributions.items.length, 0, "the orphaned contribution is gone");
  });
});
