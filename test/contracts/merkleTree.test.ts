/**
 * The distributor against a real-size tree built by the library the oracle uses: 100,000 leaves from
 * `@openzeppelin/merkle-tree`, whose proofs (depth 16 to 17) verify on-chain and pay. The Solidity suite builds
 * its small trees with a builder pinned to this library's layout.
 */
import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { getAddress, hexlify, randomBytes } from "ethers";
import { network } from "hardhat";

import {
  buildTree,
  deploySystem,
  finaliseEpoch,
  type Leaf,
  makeProposal,
  payRevenue,
  type System,
  totalsOf,
} from "./fixtures.ts";

const connection = await network.create();
const { networkHelpers } = connection;

describe("PayoutDistributor with a 100,000-leaf tree built with @openzeppelin/merkle-tree", () => {
  const ACCOUNTS = 50_000;
  let system: System;
  let tree: StandardMerkleTree<Leaf>;
  let leaves: Leaf[];

  before(async function () {
    this.timeout(600_000);
    system = await networkHelpers.loadFixture(deploySystem);
    const [tokenA, tokenB] = system.tokenAddresses;
    leaves = [];
    for (let i = 0; i < ACCOUNTS; i += 1) {
      const account = getAddress(hexlify(randomBytes(20)));
      const amount = BigInt(1 + (i % 997));
      leaves.push([account, tokenA, amount], [account, tokenB, amount * 3n]);
    }
    tree = buildTree(leaves);
  });

  it("verifies sampled leaves in the distributor and pays them", async function () {
    this.timeout(600_000);
    const { distributor, tokens, tokenAddresses } = system;
    const totals = totalsOf(leaves, [...tokenAddresses]);
    // Fund the pool beyond the totals through the router: pool = 49% of each payment.
    for (const [i, token] of tokens.entries()) await payRevenue(system, token, (totals[i]! * 100n) / 49n + 100n);
    await finaliseEpoch(system, connection, makeProposal(1n, 1n, 1_000n, tree.root, [...tokenAddresses], totals));
    expect(await distributor.root(), "root").to.equal(tree.root);

    const samples = [0, 1, 77_777, leaves.length - 2, leaves.length - 1, Math.floor(leaves.length / 2)];
    for (const index of samples) {
      const [account, token, amount] = leaves[index]!;
      const proof = tree.getProof(index);
      expect(proof.length, "proof depth").to.be.within(16, 17);
      await expect(distributor.claim(account, token, amount, proof), `claim of leaf ${index}`)
        .to.emit(distributor, "Claimed")
        .withArgs(account, token, amount);
      expect(await tokens[token === tokenAddresses[0] ? 0 : 1].balanceOf(account), "paid").to.equal(amount);
    }
    // A sampled leaf with another amount does not verify.
    const [account, token, amount] = leaves[12_345]!;
    await expect(distributor.claim(account, token, amount + 1n, tree.getProof(12_345)), "another amount")
      .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
      .withArgs(account, token, amount + 1n);
  });
});
