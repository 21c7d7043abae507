/**
 * The claims API fetching manifests over IPFS, on a real chain: a Hardhat node, the base scenario, then epoch 6
 * proposed with its manifest's CID in the `propose` calldata and its manifest published only as a CAR, served by the
 * oracle's local trustless gateway. The indexer is given three gateways: one that is down, one that alters a block,
 * and one in front of the real gateway that the test switches off and on. Nothing of epoch 6 is in the manifest
 * directory, so every answer about it comes through IPFS, checked block by block and against the on-chain hash.
 * That a slice of a large manifest fetches only its blocks is measured by `bench:oracle --only=slice`.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ProcessGroup } from "@coherence/devnet";
import { type CarGateway, packCar, startCarGateway } from "@coherence/oracle";
import { indexerClient, verifySlice } from "@coherence/protocol";
import { manifestCidSuffix } from "@coherence/protocol/ipfs";

import { type BuiltEpoch, buildEpoch, cumulativeOf, proposeEpoch } from "./support/epochs.ts";
import { startPgliteWorld } from "./support/pgliteWorld.ts";
import { fetchClaims, type Indexer, waitIndexed } from "./support/ponder.ts";
import { type Protocol, ROLES } from "./support/protocol.ts";
import type { BaseScenario } from "./support/scenario.ts";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return `http://127.0.0.1:${address.port}`;
}

describe("claims API: manifests fetched by their proposal's CID from IPFS gateways", () => {
  const group = new ProcessGroup();
  let tmp: string;
  let carTmp: string;
  let protocol: Protocol;
  let scenario: BaseScenario;
  let indexer: Indexer;
  let gateway: CarGateway;
  let epoch6: BuiltEpoch;
  let cid: string;
  // The relay in front of the real gateway answers 503 while it is off.
  let relayOn = true;
  let tamperedAnswers = 0;
  /** What the indexer asked the relay for. */
  const relayed: string[] = [];
  let deadUrl: string;
  let tamperingUrl: string;
  let relayUrl: string;
  /** Accounts with a payout in epoch 6, ascending. */
  let paid: `0x${string}`[];

  before(async () => {
    carTmp = await mkdtemp(path.join(os.tmpdir(), "ccn-indexer-ipfs-cars-"));
    group.defer(() => rm(carTmp, { recursive: true, force: true }));
    const carDir = path.join(carTmp, "car");
    await mkdir(carDir);
    gateway = await startCarGateway({ directory: carDir });
    group.defer(() => gateway.close());
    const relay = async (url: string) => new Uint8Array(await (await fetch(`${gateway.url}${url}`)).arrayBuffer());
    const tampering = createServer(async (request, response) => {
      // The real gateway's CAR with one byte of the manifest's last block changed: its CID no longer matches.
      const car = await relay(request.url ?? "/");
      car[car.length - 20] = (car[car.length - 20] as number) ^ 1;
      tamperedAnswers++;
      response.writeHead(200, { "content-type": "application/vnd.ipld.car; version=1" });
      response.end(car);
    });
    const switched = createServer(async (request, response) => {
      relayed.push(request.url ?? "/");
      if (!relayOn) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/vnd.ipld.car; version=1" });
      response.end(await relay(request.url ?? "/"));
    });
    tamperingUrl = await listen(tampering);
    relayUrl = await listen(switched);
    group.defer(() => new Promise<void>((resolve) => tampering.close(() => resolve())));
    group.defer(() => new Promise<void>((resolve) => switched.close(() => resolve())));
    const closed = createServer();
    deadUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));

    ({ tmp, protocol, scenario, indexer } = await startPgliteWorld(group, "ccn-indexer-ipfs-", "ipfs_suite", {
      ipfsGateways: [deadUrl, tamperingUrl, relayUrl],
    }));

    // Epoch 6 over the blocks since epoch 2 (epoch 5 was revoked back to it), published only as a CAR.
    epoch6 = await buildEpoch(protocol, {
      number: 6n,
      fromBlock: scenario.epoch2.proposal.toBlock + 1n,
      toBlock: await protocol.blockNumber(),
      previous: cumulativeOf(scenario.epoch2.manifest),
      codeVersion: "indexer-test@ipfs",
    });
    const file = path.join(carTmp, "epoch-6.json");
    await writeFile(file, epoch6.bytes);
    ({ cid } = await packCar(file, carDir));
    await proposeEpoch(protocol, epoch6.proposal, [2, 3, 4], ROLES.deployer, manifestCidSuffix(cid));
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
    paid = [...new Set(epoch6.manifest.leaves.map((l) => l.account))].sort() as `0x${string}`[];
    assert.ok(paid.length >= 2, "epoch 6 pays at least two accounts");
  });

  after(() => group.stopAll());

  /** The API's error for `route`: status and body, the body checked to name no server path. */
  async function refusal(route: string) {
    const response = await fetch(`${indexer.url}${route}`);
    const text = await response.text();
    assert.ok(!text.includes(tmp) && !text.includes(carTmp) && !text.includes(os.tmpdir()), text);
    return { status: response.status, error: (JSON.parse(text) as { error: Record<string, string> }).error };
  }

  test("when every gateway fails, the answer is a JSON 502 naming each gateway and what it did wrong", async () => {
    relayOn = false;
    const { status, error } = await refusal(`/v1/claims/${paid[0]}/epochs/6/slice`);
    assert.equal(status, 502);
    assert.equal(error.code, "MANIFEST_UNAVAILABLE");
    assert.equal(error.source, `ipfs://${cid}`);
    const failures = error.gateways!.split("; ");
    assert.equal(failures.length, 3, error.gateways);
    assert.ok(failures[0]!.startsWith(`${deadUrl}: `), failures[0]);
    assert.match(failures[1]!, new RegExp(`^${tamperingUrl}: TAMPERED_BLOCK \\(`));
    assert.match(failures[2]!, new RegExp(`^${relayUrl}: .*HTTP 503`));
  });

  test("a slice proven against epoch 6's on-chain hash, from the gateway after the tampering one was refused", async () => {
    relayOn = true;
    const before = tamperedAnswers;
    const account = paid[0]!;
    const slice = await verifySlice(await indexerClient(indexer.url).slice(account, 6n), {
      manifestHash: epoch6.manifestHash,
      account,
    });
    assert.deepEqual(
      slice.leaves.map((l) => [l.token, l.previous, l.cumulative]),
      epoch6.manifest.leaves.filter((l) => l.account === account).map((l) => [l.token, l.previous, l.cumulative]),
    );
    assert.ok(tamperedAnswers > before, "the tampering gateway was asked, and its answer refused");
  });

  test("once final, the claims answer comes from the IPFS manifest; proposals without a CID still from the directory", async () => {
    // The scenario ends with a challenge period of 7,200 s (setChallengePeriod).
    await protocol.increaseTime(7_201);
    await protocol.call(ROLES.payer, "PayoutDistributor", "finalise", [epoch6.proposal]);
    await waitIndexed(indexer, Number(await protocol.blockNumber()));
    const claims = await fetchClaims(indexer, paid[0]!);
    assert.equal(claims.epoch.number, 6n);
    assert.equal(claims.manifest.source, `ipfs://${cid}`);
    assert.deepEqual(
      claims.leaves.map((l) => [l.token, l.cumulativeAmount]),
      epoch6.manifest.leaves.filter((l) => l.account === paid[0]).map((l) => [l.token, l.cumulative]),
    );
    // Epoch 2's proposal records no CID: its manifest is the directory's.
    const epoch2 = await verifySlice(await indexerClient(indexer.url).slice(paid[0]!, 2n), {
      manifestHash: scenario.epoch2.manifestHash,
    });
    assert.equal(epoch2.header.epoch.number, 2n);
  });

  test("the indexer reads ranges and single blocks, never the whole CAR; a block it fetched serves later slices", async () => {
    assert.ok(relayed.length > 0);
    for (const url of relayed) assert.match(url, /[?&](entity-bytes=\d+:\d+|format=raw)(&|$)/, url);
    // Epoch 6's manifest is one block, fetched and checked once: another account's slice is cut from it, with the
    // gateways down and none asked.
    relayOn = false;
    const asked = relayed.length;
    const slice = await verifySlice(await indexerClient(indexer.url).slice(paid[1]!, 6n), {
      manifestHash: epoch6.manifestHash,
      account: paid[1]!,
    });
    assert.equal(slice.header.epoch.number, 6n);
    assert.equal(relayed.length, asked);
    relayOn = true;
  });
});
