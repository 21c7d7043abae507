/**
 * The metering cross-check: the vouchers and records `@coherence/protocol` builds and signs with viem (what the
 * gateway and the payer's client use) hash and verify in the MeteringEscrow exactly as in TypeScript, and a
 * voucher signed by the TypeScript helper redeems. Everything else about the escrow is tested in Solidity
 * (`contracts/test/integration/Metering*.t.sol`, `contracts/test/invariant/Metering*.t.sol`).
 */
import {
  DEFAULT_HOSTING_FEE_BPS,
  MAX_HOSTING_FEE_BPS,
  MAX_WITHDRAWAL_DELAY,
  MIN_WITHDRAWAL_DELAY,
  meteringDigest,
  RECORD_LEAF_ENCODING,
  type RecordOfRun,
  recordLeafHash,
  recordLeafValues,
  signMetering,
  type Voucher,
} from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { ADMIN_DELAY, deploySystem } from "./fixtures.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const PERIOD = 3_600n;
// Hardhat's account 5, the fixtures' payer: its well-known development key.
const payerAccount = privateKeyToAccount("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

async function meteringFixture() {
  const system = await deploySystem(connection);
  const [admin, guardian, , , , , alice, , , runner] = await ethers.getSigners();
  const escrow = await ethers.deployContract("MeteringEscrow", [
    system.registry,
    system.router,
    system.distributor,
    admin!,
    ADMIN_DELAY,
    [guardian!],
    PERIOD,
    3_600,
    DEFAULT_HOSTING_FEE_BPS,
  ]);
  await (await escrow.connect(alice!).getFunction("setRunner")(1, runner!, true)).wait();
  const { chainId } = await ethers.provider.getNetwork();
  const ref = { chainId: Number(chainId), address: (await escrow.getAddress()) as Address };
  return { system, escrow, runner: runner!, ref };
}

function record(runner: string, i: number): RecordOfRun {
  return {
    assetId: 1n,
    bundleHash: id("bundle") as Hex,
    inputHash: id(`input ${i}`) as Hex,
    outputHash: id(`output ${i}`) as Hex,
    runner: runner as Address,
    payer: payerAccount.address,
    units: 1n,
    price: 1_000n,
    nonce: BigInt(i),
    time: 1_764_000_000n,
  };
}

describe("MeteringEscrow cross-check with @coherence/protocol's metering typed data", () => {
  it("has the bounds the protocol package states", async () => {
    const { escrow } = await networkHelpers.loadFixture(meteringFixture);
    const read = async (name: string) => Number(await escrow.getFunction(name)());
    expect(await read("MIN_WITHDRAWAL_DELAY"), "min delay").to.equal(MIN_WITHDRAWAL_DELAY);
    expect(await read("MAX_WITHDRAWAL_DELAY"), "max delay").to.equal(MAX_WITHDRAWAL_DELAY);
    expect(await read("MAX_HOSTING_FEE_BPS"), "fee cap bound").to.equal(MAX_HOSTING_FEE_BPS);
    expect(await read("maxHostingFeeBps"), "the deployed default").to.equal(DEFAULT_HOSTING_FEE_BPS);
  });

  it("hashes a voucher as viem does and redeems one the TypeScript helper signed", async () => {
    const { system, escrow, runner, ref } = await networkHelpers.loadFixture(meteringFixture);
    expect(payerAccount.address, "the fixture's payer").to.equal(system.payer.address);
    const token = system.tokens[0];
    await (await token.connect(system.payer).getFunction("mint")(system.payer, 10_000n)).wait();
    await (await token.connect(system.payer).getFunction("approve")(escrow, 10_000n)).wait();
    await (await escrow.connect(system.payer).getFunction("deposit")(token, 10_000n)).wait();

    const period = (await escrow.getFunction("currentPeriod")()) as bigint;
    const voucher: Voucher = {
      payer: payerAccount.address,
      runner: runner.address as Address,
      assetId: 1n,
      token: system.tokenAddresses[0] as Address,
      units: 10n,
      amount: 1_000n,
      hostingFee: 100n,
      period,
      nonce: 1n,
    };
    expect(await escrow.getFunction("voucherDigest")(voucher), "digest").to.equal(
      meteringDigest(ref, { kind: "voucher", value: voucher }),
    );
    const signature = await signMetering(payerAccount, ref, { kind: "voucher", value: voucher });
    await (await escrow.connect(runner).getFunction("redeem")(voucher, signature)).wait();
    expect(await token.getFunction("balanceOf")(runner), "hosting fee").to.equal(100n);
    const [balance] = (await escrow.getFunction("escrowOf")(payerAccount.address, token)) as bigint[];
    expect(balance, "escrow").to.equal(8_900n);
  });

  it("computes a record's leaf as TypeScript does and proves a StandardMerkleTree's records against the anchor", async () => {
    const { escrow, runner } = await networkHelpers.loadFixture(meteringFixture);
    const records = Array.from({ length: 5 }, (_, i) => record(runner.address, i));
    for (const r of records) {
      expect(await escrow.getFunction("recordLeaf")(r), `leaf ${r.nonce}`).to.equal(recordLeafHash(r));
    }
    const tree = StandardMerkleTree.of(
      records.map((r) => [...recordLeafValues(r)]),
      [...RECORD_LEAF_ENCODING],
    );
    const period = (await escrow.getFunction("currentPeriod")()) as bigint;
    await (await escrow.connect(runner).getFunction("anchor")(period, tree.root, records.length, "ipfs://r")).wait();
    for (const [i, values] of tree.entries()) {
      const r = records.find((candidate) => candidate.nonce === values[8])!;
      expect(await escrow.getFunction("verifyRecord")(runner, period, r, tree.getProof(i)), `proof ${i}`).to.equal(
        true,
      );
    }
  });
});
