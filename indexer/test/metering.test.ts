/**
 * Revenue from use in the indexer: the MeteringEscrow's deposits and withdrawals per payer and token, the runners and
 * terms asset owners publish, voucher redemptions per channel and summed per asset (`assetUsage`: units, revenue from
 * use per token, distinct payers), runners' anchored periods of records of run, and their disputes, upheld by a
 * guardian and rejected by governance; each row checked against the escrow's own views. A real Hardhat node with the
 * local deployment and `ponder start` on PGlite; a second indexer on a deployment file without the escrow still
 * starts. The query an integrator sends for an asset's usage is the README's.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  deployLocal,
  freePort,
  governLocally,
  ProcessGroup,
  startHardhatNode,
  waitForIndexerReady,
} from "@coherence/devnet";
import {
  type Deployment,
  meteringEscrowAbi,
  type RecordOfRun,
  recordLeafHash,
  type Voucher,
  voucherTypedData,
} from "@coherence/protocol";
import { type Address, encodeFunctionData, type Hex, keccak256, maxUint256, stringToHex } from "viem";

import { REPO_ROOT } from "../config/env.ts";
import { graphql, type Indexer, startIndexer, waitIndexed } from "./support/ponder.ts";
import { ABIS, addressOf, Protocol, ROLES, signer } from "./support/protocol.ts";
import { register } from "./support/scenario.ts";

/** Who is who here: alice owns the metered asset, dave runs it, the payer and a second payer use it. */
const OWNER = ROLES.alice;
const RUNNER = ROLES.dave;
const PAYER = ROLES.payer;
const PAYER2 = ROLES.extraAttester;
const DISPUTER = ROLES.recipient;
const PRICE = 1_000n;
const FREE_UNITS = 5n;
const BOND = 1_000_000n;

/** The query an integrator sends for an asset's usage: the README's (indexer/README.md, "Example queries"). */
const ASSET_USAGE_QUERY = await (async () => {
  const readme = await readFile(path.join(REPO_ROOT, "indexer", "README.md"), "utf8");
  const found = /```graphql\n(query AssetUsage[\s\S]*?)```/.exec(readme)?.[1];
  if (found === undefined) throw new Error("indexer/README.md has no AssetUsage query");
  return found;
})();

type Usage = {
  runnerCount: number;
  payerCount: number;
  channelCount: number;
  redemptionCount: number;
  units: string;
  lastRedeemedAt: string | null;
  tokens: {
    items: {
      token: string;
      units: string;
      amount: string;
      hostingFee: string;
      payerCount: number;
      redemptionCount: number;
    }[];
  };
  terms: { items: { token: string; pricePerUnit: string; freeUnitsPerPeriod: string }[] };
  runners: {
    items: {
      runner: string;
      meteringRunner: {
        barred: boolean;
        barredFrom: string | null;
        openDisputeCount: number;
        anchors: {
          items: {
            period: string;
            root: string;
            count: string;
            uri: string;
            disputeCount: number;
            disputeStatus: string | null;
          }[];
        };
      } | null;
    }[];
  };
};

describe("metering escrow in the indexer", () => {
  const group = new ProcessGroup();
  let tmp: string;
  let protocol: Protocol;
  let deployment: Deployment;
  let indexer: Indexer;
  let escrow: Address;
  let usd: Address;
  let assetId: bigint;
  let otherAssetId: bigint;
  let period: bigint;
  let records: RecordOfRun[];
  let root: Hex;
  let rpcUrl: string;
  let chainId: number;

  const read = <T>(functionName: string, args: readonly unknown[]) =>
    protocol.public.readContract({
      address: escrow,
      abi: meteringEscrowAbi,
      functionName,
      args,
    } as never) as Promise<T>;
  const send = (from: number, functionName: string, args: readonly unknown[]) =>
    protocol.send(from, escrow, meteringEscrowAbi, functionName, args);
  const govern = (functionName: string, args: readonly unknown[]) =>
    governLocally({
      rpcUrl,
      deployment,
      target: escrow,
      data: encodeFunctionData({ abi: meteringEscrowAbi, functionName, args } as never),
    });

  /** The payer signs the channel's cumulative voucher and the runner redeems it. */
  const redeem = async (payer: number, figures: Pick<Voucher, "units" | "amount" | "hostingFee" | "nonce">) => {
    const voucher: Voucher = {
      payer: addressOf(payer),
      runner: addressOf(RUNNER),
      assetId,
      token: usd,
      period: await read<bigint>("currentPeriod", []),
      ...figures,
    };
    const signature = await signer(payer).signTypedData(voucherTypedData({ chainId, address: escrow }, voucher));
    await send(RUNNER, "redeem", [voucher, signature]);
  };

  const fund = async (who: number, amount: bigint) => {
    await protocol.send(who, usd, ABIS.DemoToken, "mint", [addressOf(who), amount]);
    await protocol.send(who, usd, ABIS.DemoToken, "approve", [escrow, maxUint256]);
  };

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "ccn-indexer-metering-"));
    group.defer(() => rm(tmp, { recursive: true, force: true }));
    const chain = await startHardhatNode(await freePort(), { uniqueChainId: true });
    group.add(chain.process);
    rpcUrl = chain.rpcUrl;
    chainId = chain.chainId;
    deployment = await deployLocal(chain.rpcUrl, path.join(tmp, "deployments"));
    protocol = new Protocol(chain.rpcUrl, deployment);
    escrow = deployment.contracts.MeteringEscrow!.address.toLowerCase() as Address;
    usd = protocol.tokens.usd;

    assetId = await register(protocol, OWNER, "metered-function", 0, []);
    otherAssetId = await register(protocol, ROLES.bob, "unmetered-model", 1, []);

    // Alice chooses dave as the runner; carol is chosen, then dropped. Terms in dUSD.
    await send(OWNER, "setRunner", [assetId, addressOf(RUNNER), true]);
    await send(OWNER, "setRunner", [assetId, addressOf(ROLES.carol), true]);
    await send(OWNER, "setRunner", [assetId, addressOf(ROLES.carol), false]);
    await send(OWNER, "setTerms", [assetId, usd, { pricePerUnit: PRICE, freeUnitsPerPeriod: FREE_UNITS }]);

    // Two payers deposit (the first twice).
    await fund(PAYER, 10_000_000n);
    await send(PAYER, "deposit", [usd, 5_000_000n]);
    await send(PAYER, "deposit", [usd, 1_000_000n]);
    await fund(PAYER2, 1_000_000n);
    await send(PAYER2, "deposit", [usd, 500_000n]);

    // The payer's free units first (nothing paid), then 10 paid units with the runner's 10%; the second payer 3.
    await redeem(PAYER, { units: FREE_UNITS, amount: 0n, hostingFee: 0n, nonce: 1n });
    await redeem(PAYER, { units: 15n, amount: 10n * PRICE, hostingFee: PRICE, nonce: 2n });
    await redeem(PAYER2, { units: 3n, amount: 3n * PRICE, hostingFee: 300n, nonce: 1n });

    // Dave anchors the period's two records of run; the tree of two leaves is their sorted pair.
    period = await read<bigint>("currentPeriod", []);
    const record = (payer: number, units: bigint, nonce: bigint): RecordOfRun => ({
      assetId,
      bundleHash: keccak256(stringToHex("bundle")),
      inputHash: keccak256(stringToHex(`input-${nonce}`)),
      outputHash: keccak256(stringToHex(`output-${nonce}`)),
      runner: addressOf(RUNNER),
      payer: addressOf(payer),
      units,
      price: PRICE,
      nonce,
      time: 1_000n + nonce,
    });
    records = [record(PAYER, 15n, 2n), record(PAYER2, 3n, 1n)];
    const [a, b] = records.map(recordLeafHash) as [Hex, Hex];
    root = keccak256(a.toLowerCase() < b.toLowerCase() ? `${a}${b.slice(2)}` : `${b}${a.slice(2)}`);
    await send(RUNNER, "anchor", [period, root, 2, `ipfs://records/${period}`]);

    // Governance sets the dispute terms; both records are disputed. A guardian upholds the first (dave is barred from
    // the period on), governance rejects the second (its bond goes to the treasury).
    await govern("setDisputeTerms", [{ token: usd, bond: BOND, treasury: addressOf(ROLES.treasury) }]);
    await fund(DISPUTER, 2n * BOND);
    await send(DISPUTER, "dispute", [addressOf(RUNNER), period, records[0], [recordLeafHash(records[1]!)], "replay:1"]);
    await send(DISPUTER, "dispute", [addressOf(RUNNER), period, records[1], [recordLeafHash(records[0]!)], "replay:2"]);
    await send(ROLES.guardian, "resolveDispute", [1n, true, "output differs"]);
    await govern("resolveDispute", [2n, false, "replay was wrong"]);

    // The second payer withdraws what is left; the payer asks, then cancels. Governance changes the delay and cap.
    const [left] = await read<[bigint, bigint, bigint]>("escrowOf", [addressOf(PAYER2), usd]);
    await send(PAYER2, "requestWithdrawal", [usd, left]);
    await protocol.increaseTime(Number(await read<number>("withdrawalDelay", [])));
    await send(PAYER2, "completeWithdrawal", [usd]);
    await send(PAYER, "requestWithdrawal", [usd, 1_000n]);
    await send(PAYER, "requestWithdrawal", [usd, 0n]);
    await govern("setWithdrawalDelay", [7200]);
    await govern("setMaxHostingFeeBps", [500]);

    indexer = await startIndexer(group, {
      chainId,
      rpcUrl,
      deploymentsDir: path.join(tmp, "deployments"),
      schema: "metering",
      pgliteDir: path.join(tmp, "pglite"),
      manifestDir: tmp,
    });
    await waitForIndexerReady(indexer, 120_000);
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
  });

  after(() => group.stopAll());

  test("an integrator's one query answers the asset's usage: units, revenue from use, payers, runners, anchors", async () => {
    const { assetUsage } = await graphql<{ assetUsage: Usage }>(indexer, ASSET_USAGE_QUERY, {
      id: assetId.toString(),
    });
    assert.deepEqual(
      {
        ...assetUsage,
        lastRedeemedAt: typeof assetUsage.lastRedeemedAt,
      },
      {
        runnerCount: 1,
        payerCount: 2,
        channelCount: 2,
        redemptionCount: 3,
        units: "18",
        lastRedeemedAt: "string",
        tokens: {
          items: [
            {
              token: usd,
              units: "18",
              amount: (13n * PRICE).toString(),
              hostingFee: "1300",
              payerCount: 2,
              redemptionCount: 3,
            },
          ],
        },
        terms: { items: [{ token: usd, pricePerUnit: "1000", freeUnitsPerPeriod: "5" }] },
        runners: {
          items: [
            {
              runner: addressOf(RUNNER),
              meteringRunner: {
                barred: true,
                barredFrom: period.toString(),
                openDisputeCount: 0,
                anchors: {
                  items: [
                    {
                      period: period.toString(),
                      root,
                      count: "2",
                      uri: `ipfs://records/${period}`,
                      disputeCount: 2,
                      disputeStatus: "rejected",
                    },
                  ],
                },
              },
            },
          ],
        },
      },
    );
    // What the asset was paid from use is revenue like any: the router's RevenuePaid, from the escrow.
    const { asset } = await graphql<{
      asset: { revenue: { items: { amount: string }[] }; payments: { items: { payer: string; amount: string }[] } };
    }>(
      indexer,
      `query($id: BigInt!) { asset(id: $id) { revenue { items { amount } } payments(orderBy: "blockNumber") { items { payer amount } } } }`,
      { id: assetId.toString() },
    );
    assert.deepEqual(asset.revenue.items, [{ amount: "13000" }]);
    assert.deepEqual(asset.payments.items, [
      { payer: escrow, amount: "10000" },
      { payer: escrow, amount: "3000" },
    ]);
  });

  test("an asset nobody metered has no usage row", async () => {
    const data = await graphql<{ assetUsage: Usage | null }>(indexer, ASSET_USAGE_QUERY, {
      id: otherAssetId.toString(),
    });
    assert.equal(data.assetUsage, null);
  });

  test("runners and terms: each RunnerSet and TermsSet, with whose allowance it is", async () => {
    const { assetRunners, assetTerms } = await graphql<{
      assetRunners: { items: { runner: string; owner: string; allowed: boolean }[] };
      assetTerms: { items: { assetId: string; token: string; pricePerUnit: string; freeUnitsPerPeriod: string }[] };
    }>(
      indexer,
      `{ assetRunners(orderBy: "runner") { items { runner owner allowed } }
         assetTerms { items { assetId token pricePerUnit freeUnitsPerPeriod } } }`,
    );
    const expected = [
      { runner: addressOf(ROLES.carol), owner: addressOf(OWNER), allowed: false },
      { runner: addressOf(RUNNER), owner: addressOf(OWNER), allowed: true },
    ].sort((x, y) => (x.runner < y.runner ? -1 : 1));
    assert.deepEqual(assetRunners.items, expected);
    for (const r of assetRunners.items)
      assert.equal(await read<boolean>("isRunner", [assetId, r.runner]), r.allowed, `isRunner(${r.runner})`);
    const terms = await read<{ pricePerUnit: bigint; freeUnitsPerPeriod: bigint }>("termsOf", [assetId, usd]);
    assert.deepEqual(assetTerms.items, [
      {
        assetId: assetId.toString(),
        token: usd,
        pricePerUnit: terms.pricePerUnit.toString(),
        freeUnitsPerPeriod: terms.freeUnitsPerPeriod.toString(),
      },
    ]);
  });

  test("voucher redemptions per channel: cumulative figures, units added, what went to the asset and the runner", async () => {
    const { meteringChannels } = await graphql<{
      meteringChannels: {
        items: {
          id: string;
          payer: string;
          units: string;
          amount: string;
          hostingFee: string;
          nonce: string;
          redemptionCount: number;
          redemptions: { items: { units: string; unitsAdded: string; toAsset: string; toRunner: string }[] };
        }[];
      };
    }>(
      indexer,
      `{ meteringChannels(orderBy: "payer") { items { id payer units amount hostingFee nonce redemptionCount
           redemptions(orderBy: "nonce") { items { units unitsAdded toAsset toRunner } } } } }`,
    );
    const byPayer = new Map(meteringChannels.items.map((c) => [c.payer, c]));
    assert.deepEqual(byPayer.get(addressOf(PAYER))?.redemptions.items, [
      { units: "5", unitsAdded: "5", toAsset: "0", toRunner: "0" },
      { units: "15", unitsAdded: "10", toAsset: "10000", toRunner: "1000" },
    ]);
    assert.deepEqual(byPayer.get(addressOf(PAYER2))?.redemptions.items, [
      { units: "3", unitsAdded: "3", toAsset: "3000", toRunner: "300" },
    ]);
    for (const c of meteringChannels.items) {
      const onChain = await read<{ units: bigint; amount: bigint; hostingFee: bigint; nonce: bigint }>("channelOf", [
        c.payer,
        addressOf(RUNNER),
        assetId,
        usd,
      ]);
      assert.equal(c.id, await read<Hex>("channelId", [c.payer, addressOf(RUNNER), assetId, usd]));
      assert.deepEqual(
        [c.units, c.amount, c.hostingFee, c.nonce],
        [onChain.units, onChain.amount, onChain.hostingFee, onChain.nonce].map(String),
        `channel of ${c.payer}`,
      );
    }
  });

  test("escrow per payer and token: deposits, redemptions and withdrawals, the balance as the escrow has it", async () => {
    const { escrowAccounts } = await graphql<{
      escrowAccounts: {
        items: {
          payer: string;
          balance: string;
          deposited: string;
          withdrawn: string;
          redeemed: string;
          withdrawing: string;
          withdrawableAt: string | null;
          depositCount: number;
          movements: { items: { kind: string; amount: string }[] };
        }[];
      };
    }>(
      indexer,
      `{ escrowAccounts(orderBy: "payer") { items { payer balance deposited withdrawn redeemed withdrawing withdrawableAt
           depositCount movements(orderBy: "blockNumber") { items { kind amount } } } } }`,
    );
    const byPayer = new Map(escrowAccounts.items.map((a) => [a.payer, a]));
    const payer = byPayer.get(addressOf(PAYER))!;
    const payer2 = byPayer.get(addressOf(PAYER2))!;
    assert.deepEqual(
      [payer.deposited, payer.redeemed, payer.withdrawn, payer.depositCount, payer.withdrawableAt],
      ["6000000", "11000", "0", 2, null],
    );
    assert.deepEqual(
      payer.movements.items.map((m) => [m.kind, m.amount]),
      [
        ["deposit", "5000000"],
        ["deposit", "1000000"],
        ["withdrawalRequest", "1000"],
        ["withdrawalRequest", "0"],
      ],
    );
    assert.deepEqual(
      [payer2.deposited, payer2.redeemed, payer2.withdrawn, payer2.balance],
      ["500000", "3300", "496700", "0"],
    );
    for (const a of escrowAccounts.items) {
      const [balance, withdrawing] = await read<[bigint, bigint, bigint]>("escrowOf", [a.payer, usd]);
      assert.deepEqual(
        [a.balance, a.withdrawing],
        [balance.toString(), withdrawing.toString()],
        `escrow of ${a.payer}`,
      );
    }
  });

  test("record disputes: the bond, the leaf, who resolved each and how, and the runner's status as the escrow's", async () => {
    const { recordDisputes } = await graphql<{
      recordDisputes: {
        items: {
          id: string;
          anchorId: string;
          disputer: string;
          recordLeaf: string;
          bond: string;
          reason: string;
          status: string;
          resolvedBy: string | null;
          resolutionReason: string | null;
        }[];
      };
    }>(
      indexer,
      `{ recordDisputes(orderBy: "id") { items { id anchorId disputer recordLeaf bond reason status resolvedBy
           resolutionReason } } }`,
    );
    const timelock = deployment.contracts.CoherenceTimelock.address.toLowerCase();
    const anchor = `${addressOf(RUNNER)}-${period}`;
    assert.deepEqual(recordDisputes.items, [
      {
        id: "1",
        anchorId: anchor,
        disputer: addressOf(DISPUTER),
        recordLeaf: recordLeafHash(records[0]!),
        bond: BOND.toString(),
        reason: "replay:1",
        status: "upheld",
        resolvedBy: addressOf(ROLES.guardian),
        resolutionReason: "output differs",
      },
      {
        id: "2",
        anchorId: anchor,
        disputer: addressOf(DISPUTER),
        recordLeaf: recordLeafHash(records[1]!),
        bond: BOND.toString(),
        reason: "replay:2",
        status: "rejected",
        resolvedBy: timelock,
        resolutionReason: "replay was wrong",
      },
    ]);
    const status = await read<{ frozenFrom: bigint; openDisputes: number; barred: boolean; barredFrom: bigint }>(
      "runnerStatus",
      [addressOf(RUNNER)],
    );
    const { meteringRunner } = await graphql<{
      meteringRunner: {
        anchorCount: number;
        recordCount: string;
        redemptionCount: number;
        units: string;
        disputeCount: number;
        openDisputeCount: number;
        frozenFrom: string | null;
        barred: boolean;
        barredFrom: string | null;
      };
    }>(
      indexer,
      `query($id: String!) { meteringRunner(id: $id) { anchorCount recordCount redemptionCount units disputeCount
         openDisputeCount frozenFrom barred barredFrom } }`,
      { id: addressOf(RUNNER) },
    );
    assert.deepEqual(meteringRunner, {
      anchorCount: 1,
      recordCount: "2",
      redemptionCount: 3,
      units: "18",
      disputeCount: 2,
      openDisputeCount: status.openDisputes,
      frozenFrom: null,
      barred: status.barred,
      barredFrom: status.barredFrom.toString(),
    });
  });

  test("the escrow's parameters and guardians are served like the other contracts'", async () => {
    const { parameters, roleMembers } = await graphql<{
      parameters: { items: { name: string; value: string }[] };
      roleMembers: { items: { roleName: string; account: string; active: boolean }[] };
    }>(
      indexer,
      `{ parameters(where: { contract: "MeteringEscrow" }, orderBy: "name") { items { name value } }
         roleMembers(where: { contract: "MeteringEscrow", roleName: "GUARDIAN_ROLE" }) { items { roleName account active } } }`,
    );
    const values = Object.fromEntries(parameters.items.map((p) => [p.name, p.value]));
    assert.deepEqual(
      {
        withdrawalDelay: values.withdrawalDelay,
        maxHostingFeeBps: values.maxHostingFeeBps,
        disputeToken: values.disputeToken,
        disputeBond: values.disputeBond,
        disputeTreasury: values.disputeTreasury,
        defaultAdmin: values.defaultAdmin,
      },
      {
        withdrawalDelay: "7200",
        maxHostingFeeBps: "500",
        disputeToken: usd,
        disputeBond: BOND.toString(),
        disputeTreasury: addressOf(ROLES.treasury),
        defaultAdmin: deployment.contracts.CoherenceTimelock.address.toLowerCase(),
      },
    );
    assert.deepEqual(roleMembers.items, [
      { roleName: "GUARDIAN_ROLE", account: addressOf(ROLES.guardian), active: true },
    ]);
  });

  test("a deployment file without the MeteringEscrow still indexes, with no usage", async () => {
    const dir = path.join(tmp, "deployments-without-escrow");
    await mkdir(dir);
    const file = `${chainId}.json`;
    const written = JSON.parse(await readFile(path.join(tmp, "deployments", file), "utf8")) as {
      contracts: Record<string, unknown>;
    };
    delete written.contracts.MeteringEscrow;
    await writeFile(path.join(dir, file), JSON.stringify(written, null, 2));
    const old = await startIndexer(group, {
      chainId,
      rpcUrl,
      deploymentsDir: dir,
      schema: "metering_absent",
      pgliteDir: path.join(tmp, "pglite-absent"),
      manifestDir: tmp,
    });
    await waitForIndexerReady(old, 120_000);
    await waitIndexed(old, Number(await protocol.blockNumber()));
    const data = await graphql<{
      assets: { totalCount: number };
      assetUsages: { totalCount: number };
      escrowAccounts: { totalCount: number };
      governanceCalls: { items: { targetName: string | null }[] };
    }>(
      old,
      `{ assets { totalCount } assetUsages { totalCount } escrowAccounts { totalCount }
         governanceCalls(where: { target: "${escrow}" }) { items { targetName } } }`,
    );
    assert.equal(data.assets.totalCount, 2);
    assert.equal(data.assetUsages.totalCount, 0);
    assert.equal(data.escrowAccounts.totalCount, 0);
    // Governance calls to the escrow are still indexed (the timelock is), but not named as an indexed contract's.
    assert.ok(data.governanceCalls.items.length > 0);
    assert.ok(data.governanceCalls.items.every((c) => c.targetName === null));
  });
});
