/**
 * Finding an epoch on a real Hardhat node without reading every log since deployment: `epochLookup` (behind
 * `ccn verify`, `ccn slice cut` and `ccn audit`) gives what the fold of every log gives, for every epoch number,
 * before and after governance revokes a finalised epoch, and it asks the node only for the distributor's logs
 * filtered by the epoch (or its proposal hash), through a real client whose transport counts what it sends.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { governLocally } from "@coherence/devnet";
import { auditEpoch, epochLookup, finalisedEpoch, ManifestStore, readChain } from "@coherence/oracle";
import { type Deployment, payoutDistributorAbi } from "@coherence/protocol";
import {
  createPublicClient,
  encodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  type RpcLog,
  type Transport,
} from "viem";
import { oracleScenario } from "./oracleScenario.ts";
import { type ScenarioNode, startScenarioNode } from "./scenarioNode.ts";

type GetLogsFilter = { address: Hex | Hex[]; topics?: (Hex | Hex[] | null)[]; fromBlock: Hex; toBlock: Hex };
type GetLogsCall = { filter: GetLogsFilter; logs: number };

/** A client over `rpcUrl`'s real HTTP transport that records every `eth_getLogs` it sends and how many logs came back. */
function countingClient(rpcUrl: string): { client: PublicClient; calls: GetLogsCall[] } {
  const calls: GetLogsCall[] = [];
  const base = http(rpcUrl);
  const transport: Transport = (options) => {
    const inner = base(options);
    return {
      ...inner,
      request: async (args: { method: string; params?: unknown }) => {
        const answer = await inner.request(args as never);
        if (args.method === "eth_getLogs") {
          calls.push({ filter: (args.params as [GetLogsFilter])[0], logs: (answer as RpcLog[]).length });
        }
        return answer;
      },
    } as ReturnType<Transport>;
  };
  return { client: createPublicClient({ transport }) as PublicClient, calls };
}

describe("finding an epoch from its own logs on a Hardhat node", { timeout: 900_000 }, () => {
  let world: ScenarioNode | undefined;
  let client: PublicClient;
  let deployment: Deployment;

  before(async () => {
    world = await startScenarioNode("ccn-epoch-lookup-", oracleScenario());
    ({ client, deployment } = world);
    // 30,000 blocks after the scenario: a read from deployment takes four 10,000-block requests.
    await client.request({ method: "hardhat_mine" as never, params: ["0x7530"] as never });
  });

  after(() => world?.stop());

  /** The lookup's answers and the fold's, for every epoch number around the chain's. */
  const compareWithTheFold = async () => {
    // Uncached: the client keeps a block number for its polling interval, shorter than a governance call here.
    const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
    const fold = await readChain({ client, deployment, fromBlock: 1n, toBlock: blockNumber });
    const lookup = epochLookup({ client, deployment, blockNumber });
    const last = fold.proposals.at(-1)!.epoch;
    for (let epoch = 0n; epoch <= last + 1n; ++epoch) {
      assert.deepEqual(
        await lookup.proposal(epoch),
        fold.proposals.find((p) => p.epoch === epoch),
        `epoch ${epoch}'s proposal`,
      );
      assert.deepEqual(
        await lookup.finalisedBefore(epoch),
        [...fold.epochs].reverse().find((e) => e.epoch < epoch),
        `the finalised epoch before ${epoch}`,
      );
    }
    assert.deepEqual(await lookup.latestFinalised(), fold.epochs.at(-1), "the latest finalised epoch");
    assert.deepEqual(
      await lookup.proposals(),
      fold.proposals.map(({ status: _, ...epoch }) => epoch),
      "every proposal",
    );
    return fold;
  };

  test("gives what folding every log gives, for every epoch", async () => {
    const fold = await compareWithTheFold();
    assert.deepEqual(
      fold.epochs.map((e) => e.epoch),
      [1n, 2n],
      "the scenario finalised two epochs",
    );
    await assert.rejects(finalisedEpoch({ client, deployment, epoch: 3n }), /Epoch 3 is not finalised on this chain/);
  });

  test("asks for the distributor's logs of the epoch only, in one range each", async () => {
    const { client: counted, calls } = countingClient(world!.rpcUrl);
    const distributor = deployment.contracts.PayoutDistributor.address.toLowerCase();
    const head = await client.getBlockNumber();
    const everything = await readChain({ client: counted, deployment, fromBlock: 1n, toBlock: head });
    const fullRead = calls.splice(0);
    assert.ok(fullRead.length >= 4, `reading from deployment takes ${fullRead.length} ranges`);
    assert.ok(everything.logsRead > 20, `and ${everything.logsRead} logs`);

    for (const epoch of [2n, undefined]) {
      const found = await finalisedEpoch({ client: counted, deployment, epoch });
      assert.deepEqual(found, everything.epochs.at(-1), `epoch ${epoch ?? "latest"}`);
      const asked = calls.splice(0);
      assert.ok(asked.length <= 3, `${asked.length} log requests for epoch ${epoch ?? "latest"}`);
      for (const { filter } of asked) {
        assert.equal(typeof filter.address === "string" && filter.address.toLowerCase(), distributor, "one address");
        assert.ok((filter.topics?.length ?? 0) >= 1, "filtered by event");
      }
      // The epoch's outcome by its number, its proposal by its hash; only revocations are read unfiltered.
      assert.equal(asked.filter(({ filter }) => (filter.topics?.length ?? 0) >= 2).length, 2, "two by argument");
      const logs = asked.reduce((n, call) => n + call.logs, 0);
      assert.ok(logs <= 3, `${logs} logs came back, of the chain's ${everything.logsRead}`);
    }

    // The audit of epoch 2 finds its proposal and epoch 1's the same way, and reads the logs after epoch 1's
    // committed state: no request for every contract's logs starts before that.
    const [epoch1, epoch2] = everything.epochs;
    const report = await auditEpoch({
      client: counted,
      deployment,
      epoch: 2n,
      manifests: new ManifestStore(world!.applied.manifestsDir),
    });
    assert.deepEqual(report.findings, []);
    const asked = calls.splice(0);
    // The range read asks for every contract's logs; the lookup, for the distributor's alone.
    const ranges = asked.filter(({ filter }) => Array.isArray(filter.address));
    assert.ok(ranges.length > 0, "the epoch's range is read");
    assert.ok(asked.length - ranges.length <= 6, `${asked.length - ranges.length} lookups`);
    for (const { filter } of ranges) {
      assert.ok(BigInt(filter.fromBlock) > epoch1!.toBlock, `a range read from block ${BigInt(filter.fromBlock)}`);
      assert.ok(BigInt(filter.toBlock) <= epoch2!.toBlock, `to block ${BigInt(filter.toBlock)}`);
    }
  });

  test("after governance revokes epoch 2, it is revoked and epoch 1 is the latest, as the fold says", async () => {
    const [epoch1] = (await compareWithTheFold()).epochs;
    await governLocally({
      rpcUrl: world!.rpcUrl,
      deployment,
      target: deployment.contracts.PayoutDistributor.address,
      data: encodeFunctionData({
        abi: payoutDistributorAbi,
        functionName: "revokeFinalisedRoot",
        args: [epoch1!.epoch, epoch1!.toBlock, epoch1!.payoutRoot, "the test revokes epoch 2"],
      }),
    });
    const fold = await compareWithTheFold();
    assert.equal(fold.proposals.find((p) => p.epoch === 2n)?.status, "revoked");
    await assert.rejects(finalisedEpoch({ client, deployment, epoch: 2n }), /Epoch 2 is not finalised on this chain/);
    assert.equal((await finalisedEpoch({ client, deployment })).epoch, 1n);
  });
});
