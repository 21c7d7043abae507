/**
 * `ccn epoch prepare` and `ccn epoch sign` on a chain whose finalised head (block 200) is behind its latest block
 * (block 260), served by a fake JSON-RPC node: an epoch never covers a block past the finalised head. A later
 * `toBlock` is refused with both blocks named before any log is read, and no proposal or signature is written.
 * Issue 10, finding 5: operators signed any `toBlock`, so revenue beyond the head at signing could be skipped.
 */
import assert from "node:assert/strict";
import { access, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";

import { payoutDistributorAbi } from "@coherence/protocol";
import { decodeFunctionData, encodeFunctionResult, type Hex, numberToHex } from "viem";

import { writeProposalFile } from "../../operator/epochFiles.ts";
import { exampleProposal } from "../../operator/exampleEpochFiles.ts";
import { command } from "../command.ts";
import { dispatch } from "../dispatch.ts";
import * as epochPrepare from "./epochPrepare.ts";
import * as epochSign from "./epochSign.ts";
import { writeTestNetwork } from "./testNetwork.ts";

const FINALISED = 200n;
const LATEST = 260n;

type RpcRequest = { id: number; method: string; params: unknown[] };
type FakeNode = { knowsFinalized: boolean; logRanges: { fromBlock: bigint; toBlock: bigint }[] };

/** An RPC error, with the code a node gives an argument it does not take. */
class InvalidParamsError extends Error {}

/** A node with no epoch finalised yet and no logs; it records the block range of every `eth_getLogs`. */
function answer({ method, params }: RpcRequest, node: FakeNode): unknown {
  switch (method) {
    case "eth_getBlockByNumber": {
      if (params[0] === "finalized" && !node.knowsFinalized) throw new InvalidParamsError("invalid block tag");
      const number = params[0] === "finalized" ? FINALISED : params[0] === "latest" ? LATEST : BigInt(params[0] as Hex);
      return { number: numberToHex(number), hash: `0x${"ab".repeat(32)}`, timestamp: "0x0", transactions: [] };
    }
    case "eth_blockNumber":
      return numberToHex(LATEST);
    case "eth_call": {
      const { data } = params[0] as { data: Hex };
      const { functionName } = decodeFunctionData({ abi: payoutDistributorAbi, data });
      if (functionName === "nextEpoch") {
        return encodeFunctionResult({ abi: payoutDistributorAbi, functionName: "nextEpoch", result: 1n });
      }
      if (functionName === "finalisedEpoch") {
        return encodeFunctionResult({ abi: payoutDistributorAbi, functionName: "finalisedEpoch", result: [0n, 0n] });
      }
      throw new Error(`unexpected call of ${functionName}`);
    }
    case "eth_getLogs": {
      const { fromBlock, toBlock } = params[0] as { fromBlock: Hex; toBlock: Hex };
      node.logRanges.push({ fromBlock: BigInt(fromBlock), toBlock: BigInt(toBlock) });
      return [];
    }
    default:
      throw new Error(`unexpected ${method}`);
  }
}

describe("ccn epoch prepare and sign cover finalised blocks only", () => {
  let dir: string;
  let rpc: Server;
  let config: string;
  let dataDir: string;
  const node: FakeNode = { knowsFinalized: true, logRanges: [] };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-epoch-finality-"));
    rpc = createServer(async (request, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      const call = JSON.parse(body) as RpcRequest;
      let reply: object;
      try {
        reply = { jsonrpc: "2.0", id: call.id, result: answer(call, node) };
      } catch (error) {
        const code = error instanceof InvalidParamsError ? -32602 : -32603;
        reply = { jsonrpc: "2.0", id: call.id, error: { code, message: (error as Error).message } };
      }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply));
    });
    await new Promise<void>((resolve) => rpc.listen(0, "127.0.0.1", resolve));
    ({ config, dataDir } = await writeTestNetwork(dir, `http://127.0.0.1:${(rpc.address() as AddressInfo).port}`));
  });
  beforeEach(() => {
    node.knowsFinalized = true;
    node.logRanges = [];
  });
  after(async () => {
    await new Promise((resolve) => rpc.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const ccn = async (...argv: string[]) => {
    let stderr = "";
    const code = await dispatch([command(epochPrepare), command(epochSign)], [...argv, "--config", config], {
      stdout: () => {},
      stderr: (text) => (stderr += text),
      env: { CCN_ORACLE_PRIVATE_KEY: `0x${"11".repeat(32)}` },
    });
    return { code, stderr };
  };
  const exists = (file: string) =>
    access(file).then(
      () => true,
      () => false,
    );
  const refusal = (toBlock: bigint) =>
    `ccn: Block ${toBlock} is not finalised yet: the chain's finalised head is block ${FINALISED}.\n\n` +
    `Details: An epoch covers finalised blocks only: wait until block ${toBlock} is finalised, ` +
    `or prepare the epoch with --to-block ${FINALISED} or lower.\n`;

  test("`epoch prepare --to-block` past the finalised head is refused naming both blocks; nothing is read or written", async () => {
    const out = path.join(dir, "proposal-late.json");
    for (const toBlock of [FINALISED + 1n, LATEST]) {
      const run = await ccn("epoch", "prepare", "--to-block", String(toBlock), "--out", out);
      assert.equal(run.code, 1);
      assert.equal(run.stderr, refusal(toBlock));
    }
    assert.deepEqual(node.logRanges, [], "no log was read");
    assert.equal(await exists(out), false, "no proposal was written");
    assert.equal(await exists(path.join(dataDir, "manifests")), false, "no manifest was written");
  });

  test("`epoch sign` refuses a proposal whose toBlock is past the finalised head, and signs nothing", async () => {
    assert.ok(exampleProposal.toBlock > FINALISED);
    const proposal = path.join(dir, "proposal-3.json");
    await writeProposalFile(proposal, exampleProposal);
    const out = path.join(dir, "signature-3.json");
    const run = await ccn("epoch", "sign", proposal, "--out", out);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, refusal(exampleProposal.toBlock));
    assert.deepEqual(node.logRanges, [], "no log was read");
    assert.equal(await exists(out), false, "no signature was written");
  });

  test("`epoch prepare` reads up to the finalised head by default, and accepts exactly the head", async () => {
    for (const argv of [[], ["--to-block", String(FINALISED)]]) {
      node.logRanges = [];
      const run = await ccn("epoch", "prepare", ...argv);
      // This chain has no revenue: the command gets as far as computing the epoch, then has nothing to propose.
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^ccn: Epoch 1 has no payouts/);
      assert.deepEqual(node.logRanges, [{ fromBlock: 1n, toBlock: FINALISED }], argv.join(" "));
    }
  });

  test("`epoch prepare --json` reports its progress as JSON lines on stderr: the blocks read, then scoring", async () => {
    const run = await ccn("epoch", "prepare", "--json");
    const events = run.stderr
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { phase: string; done: number; total?: number });
    assert.deepEqual(
      events.map(({ phase, done, total }) => [phase, done, total]),
      [
        ["reading the chain (blocks)", 0, Number(FINALISED)],
        ["reading the chain (blocks)", Number(FINALISED), Number(FINALISED)],
        ["scoring contributions", 0, 0],
        ["checking costs", 0, 0],
        ["checking costs", 0, 0],
        ["computing the epoch", 0, 1],
        ["computing the epoch", 1, 1],
      ],
    );
  });

  test("a node that does not answer the `finalized` tag stops `epoch prepare` and `epoch sign`, saying so", async () => {
    node.knowsFinalized = false;
    const proposal = path.join(dir, "proposal-3.json");
    await writeProposalFile(proposal, exampleProposal);
    for (const argv of [
      ["epoch", "prepare"],
      ["epoch", "sign", proposal, "--out", path.join(dir, "signature-3.json")],
    ]) {
      const run = await ccn(...argv);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^ccn: The RPC endpoint http:\/\/127\.0\.0\.1:\d+ failed while reading the finalised block\./,
      );
      assert.match(run.stderr, /The node must answer the `finalized` block tag/);
    }
    assert.deepEqual(node.logRanges, []);
    assert.equal(await exists(path.join(dir, "signature-3.json")), false);
  });
});
