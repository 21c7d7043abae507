/**
 * An asset owner approves held work from the web app (issue 12): `POST /approvals` on a real chain (a Hardhat node
 * with the local deployment, ada owning the asset) and the embedded store. The owner's EIP-712 IntakeApproval
 * releases exactly the held contributions it names, as `/ccn approve` does; a malformed, unknown, expired,
 * far-dated, wrongly signed, stale or replayed approval, or one of nothing held, is a named error and changes
 * nothing. `GET /repositories` names the asset's owner and the counts.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { deployLocal, freePort, type ManagedProcess, startHardhatNode } from "@coherence/devnet";
import { type Contribution, type DeliveryOutcome, SqliteStore, startIntakeServer } from "@coherence/intake";
import { accountOf, type Name } from "@coherence/intake/testing";
import { publicClientOf, walletClientOf } from "@coherence/oracle";
import { type Deployment, heldContributionsHash, intakeApprovalTypedData } from "@coherence/protocol";
import { registerAsset } from "@coherence/protocol/actions";
import { createPublicClient, custom, type Hex, keccak256, type PublicClient, stringToBytes } from "viem";

const NOW = 1_800_000_000;
const REPOSITORY = "github.com/octo-org/lib";
const NOTHING: DeliveryOutcome = { refusals: [], contributions: [], links: [], unlinks: [], approvals: [] };

describe("approving held work with a signed IntakeApproval", { timeout: 300_000 }, () => {
  let work: string;
  let node: ManagedProcess;
  let client: PublicClient;
  let deployment: Deployment;
  let store: SqliteStore;
  let server: Server;
  let url: string;
  let assetId: bigint;
  let approved = 0;

  const held = (n: number, pullRequest: number): Omit<Contribution, "transactionHash"> => ({
    id: keccak256(stringToBytes(`contribution ${n}`)),
    deliveryId: "d1",
    repository: REPOSITORY,
    pullRequest,
    login: "grace",
    assetId,
    contributor: accountOf("grace").address,
    laborMicroUsd: 900_000_000n,
    toolsMicroUsd: 0n,
    computeMicroUsd: 0n,
    evidenceUri: `https://github.com/octo-org/lib.git#a..b${n}`,
    evidenceHash: keccak256(stringToBytes(`evidence ${n}`)),
    mergedAt: NOW - 60,
    state: "held",
    heldReason: "claims $900.00 for 3 changed lines, more than the repository's $10.00 a line",
  });

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "ccn-intake-approvals-"));
    const chain = await startHardhatNode(await freePort());
    node = chain.process;
    deployment = await deployLocal(chain.rpcUrl, path.join(work, "deployments"));
    client = publicClientOf(deployment.chainId, chain.rpcUrl);
    ({ assetId } = await registerAsset({
      publicClient: client,
      walletClient: walletClientOf(deployment.chainId, chain.rpcUrl, accountOf("ada")),
      deployment,
      registration: { contentHash: keccak256(stringToBytes("lib")), kind: "Code", uri: "ipfs://lib", parents: [] },
      source: "approvals test",
    }));
    store = SqliteStore.open(":memory:");
    await store.complete(
      "d1",
      {
        refusals: [
          { deliveryId: "d1", stage: "gate", code: "held-for-approval", subject: `${REPOSITORY}#5`, reason: "held" },
          { deliveryId: "d1", stage: "gate", code: "self-approved", subject: `${REPOSITORY}#9`, reason: "self" },
          { deliveryId: "d1", stage: "gate", code: "self-approved", subject: `${REPOSITORY}#9`, reason: "again" },
        ],
        links: [],
        unlinks: [],
        approvals: [],
        contributions: [held(1, 5), held(2, 5), { ...held(3, 6), state: "pending", heldReason: undefined }],
      },
      NOW - 30,
    );
    ({ server, url } = await startIntakeServer(
      {
        store,
        sources: [],
        maxPayloadBytes: 1024,
        now: () => NOW,
        onQueued: () => {},
        chain: { client, deployment },
        onApproved: () => approved++,
      },
      0,
    ));
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
    await node?.stop();
    await rm(work, { recursive: true, force: true });
  });

  const heldIds = [keccak256(stringToBytes("contribution 1")), keccak256(stringToBytes("contribution 2"))];

  /** `name`'s signed approval of change `number`, with the fields changed as told. */
  const approval = async (
    name: Name,
    change: Partial<{ forge: string; repository: string; number: number; heldHash: Hex; deadline: number }> = {},
  ) => {
    const fields = {
      forge: "github",
      repository: REPOSITORY,
      number: 5,
      heldHash: heldContributionsHash(heldIds),
      deadline: NOW + 600,
      ...change,
    };
    const signature = await accountOf(name).signTypedData(
      intakeApprovalTypedData(deployment.chainId, {
        ...fields,
        number: BigInt(fields.number),
        deadline: BigInt(fields.deadline),
      }),
    );
    return { ...fields, signature };
  };

  const post = async (body: unknown) => {
    const response = await fetch(`${url}/approvals`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { outcome: string; reason?: string } };
  };

  const states = async () => (await store.contributions()).map((c) => c.state);

  const refusedWith = async (body: unknown, status: number, outcome: string, reason: RegExp) => {
    const answer = await post(body);
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.equal(answer.body.outcome, outcome);
    assert.match(answer.body.reason ?? "", reason);
    assert.deepEqual(await states(), ["held", "held", "pending"], `${outcome} changes nothing`);
  };

  test("GET /repositories names the repository's asset, its owner on the registry and its counts by change", async () => {
    const { repositories } = (await (await fetch(`${url}/repositories`)).json()) as {
      repositories: { forge: string; repository: string; assetId: string; owner: string; counts: unknown }[];
    };
    assert.deepEqual(repositories, [
      {
        forge: "github",
        repository: REPOSITORY,
        assetId: assetId.toString(),
        owner: accountOf("ada").address,
        // #9 refused (once, however often delivered); #5's "held for approval" is its held work, not a refusal.
        counts: { pending: 1, held: 2, attested: 0, refused: 1 },
      },
    ]);
  });

  test("a malformed approval is refused, naming what is wrong", async () => {
    await refusedWith("{not json", 400, "approval-malformed", /is not JSON/);
    const { signature: _, ...unsigned } = await approval("ada");
    await refusedWith(unsigned, 400, "approval-malformed", /signature/);
    await refusedWith({ ...(await approval("ada")), number: "5" }, 400, "approval-malformed", /number/);
  });

  test("an approval for a repository the intake has no work of is refused", async () => {
    await refusedWith(
      await approval("ada", { repository: "github.com/octo-org/unknown" }),
      404,
      "approval-unknown-repository",
      /no github repository github.com\/octo-org\/unknown/,
    );
    await refusedWith(
      await approval("ada", { forge: "gitlab" }),
      404,
      "approval-unknown-repository",
      /no gitlab repository/,
    );
  });

  test("an expired approval, or one dated too far ahead, is refused", async () => {
    await refusedWith(await approval("ada", { deadline: NOW - 1 }), 400, "approval-expired", /has passed/);
    await refusedWith(await approval("ada", { deadline: NOW + 90_000 }), 400, "approval-deadline-too-far", /86400 s/);
  });

  test("an approval signed by anyone but the asset's owner is refused", async () => {
    await refusedWith(
      await approval("grace"),
      403,
      "approval-wrong-signer",
      /is not signed by 0x[0-9a-fA-F]{40}, the owner/,
    );
    const forged = { ...(await approval("ada")), number: 6 };
    await refusedWith(forged, 403, "approval-wrong-signer", /github.com\/octo-org\/lib#6/);
  });

  test("an approval of a change with nothing held, or of other held work than is held, is refused", async () => {
    await refusedWith(await approval("ada", { number: 6 }), 409, "approval-not-held", /nothing of .*#6 is held/);
    await refusedWith(
      await approval("ada", { heldHash: heldContributionsHash(heldIds.slice(0, 1)) }),
      409,
      "approval-stale",
      /2 now held/,
    );
  });

  test("the owner's approval releases exactly the held work, once; replayed, it releases nothing", async () => {
    const signed = await approval("ada");
    const answer = await post(signed);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.outcome, "approved");
    assert.deepEqual(
      await states(),
      ["pending", "pending", "pending"],
      "released to the relayer, as /ccn approve does",
    );
    assert.equal(approved, 1, "the relayer is woken");
    const again = await post(signed);
    assert.equal(again.status, 409);
    assert.equal(again.body.outcome, "approval-replayed");
    assert.equal(approved, 1);
  });

  test("work held while the owner's approval is being checked is not released by it: the approval is stale", async () => {
    const signedFor = [held(4, 7)];
    await store.complete("d2", { ...NOTHING, contributions: signedFor }, NOW - 20);
    const signed = await approval("ada", { number: 7, heldHash: heldContributionsHash(signedFor.map((c) => c.id)) });
    // The chain answers as ever, but before its first answer (the registry's owner) more work of #7 is held.
    let interleave: (() => Promise<void>) | undefined = () =>
      store.complete("d3", { ...NOTHING, contributions: [held(5, 7)] }, NOW - 10);
    const interleaving = createPublicClient({
      chain: client.chain,
      transport: custom({
        async request(args: { method: string; params?: unknown }) {
          const now = interleave;
          interleave = undefined;
          await now?.();
          return client.request(args as Parameters<PublicClient["request"]>[0]);
        },
      }),
    }) as PublicClient;
    const racing = await startIntakeServer(
      {
        store,
        sources: [],
        maxPayloadBytes: 1024,
        now: () => NOW,
        onQueued: () => {},
        chain: { client: interleaving, deployment },
        onApproved: () => approved++,
      },
      0,
    );
    try {
      const answer = await fetch(`${racing.url}/approvals`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(signed),
      });
      const body = (await answer.json()) as { outcome: string; reason: string };
      assert.equal(answer.status, 409, JSON.stringify(body));
      assert.equal(body.outcome, "approval-stale");
      assert.match(body.reason, /#7 changed while the approval was checked/);
    } finally {
      await new Promise((resolve) => racing.server.close(resolve));
    }
    assert.equal(interleave, undefined, "the work was held between the check and the release");
    assert.deepEqual(
      (await store.contributions()).filter((c) => c.pullRequest === 7).map((c) => c.state),
      ["held", "held"],
      "nothing released",
    );
    assert.equal(approved, 1, "the relayer is not woken");
  });
});
