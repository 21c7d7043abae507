/**
 * The independent EIP-712 cross-check: signatures made by ethers from the typed data in `@coherence/protocol`
 * (what the oracle and web app sign with) are the ones the contracts accept, and the contracts hash as ethers'
 * TypedDataEncoder does. Everything else about the contracts is tested in Solidity (`contracts/test/`).
 */
import { expect } from "chai";
import { TypedDataEncoder } from "ethers";
import { network } from "hardhat";

import {
  ATTEST_TYPES,
  AUTHORSHIP_TYPES,
  buildTree,
  CLAIM_TYPES,
  contribution,
  type Domain,
  deploySystem,
  distributorDomain,
  finaliseEpoch,
  type Leaf,
  ledgerDomain,
  makeProposal,
  PROPOSAL_TYPES,
  payRevenue,
  proposalTuple,
  registryDomain,
  type System,
  signProposal,
  totalsOf,
} from "./fixtures.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** The system with 49,000 of each token funded through the router. */
async function funded(): Promise<System> {
  return networkHelpers.loadFixture(fundedFixture);
}

async function fundedFixture(...args: Parameters<typeof deploySystem>): Promise<System> {
  const system = await deploySystem(...args);
  for (const token of system.tokens) await payRevenue(system, token, 100_000n);
  return system;
}

/** The contract's EIP-712 domain on-chain is the one the shared name and version make. */
async function expectDomain(
  contract: { eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }> },
  domain: Domain,
): Promise<void> {
  const onChain = await contract.eip712Domain();
  expect([onChain.name, onChain.version, onChain.chainId, onChain.verifyingContract], "domain").to.deep.equal([
    domain.name,
    domain.version,
    domain.chainId,
    domain.verifyingContract,
  ]);
}

async function inOneHour(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest()) + 3_600n;
}

describe("EIP-712 cross-check with @coherence/protocol's typed data", () => {
  it("PayoutDistributor hashes a proposal as ethers does and accepts a quorum's ethers signatures", async () => {
    const system = await funded();
    const { distributor, tokenAddresses, oracles, relayer } = system;
    const domain = await distributorDomain(system);
    await expectDomain(distributor, domain);

    const proposal = makeProposal(1n, 100n, 200n, ethers.id("root"), [...tokenAddresses], [1_700n, 300n]);
    const hash = TypedDataEncoder.hashStruct("EpochProposal", PROPOSAL_TYPES, proposal);
    expect(await distributor.hashProposal(proposal), "struct hash").to.equal(hash);
    expect(await distributor.proposalDigest(proposal), "digest").to.equal(
      TypedDataEncoder.hash(domain, PROPOSAL_TYPES, proposal),
    );
    const empty = { ...proposal, tokens: [], totals: [] };
    expect(await distributor.hashProposal(empty), "struct hash of empty lists").to.equal(
      TypedDataEncoder.hashStruct("EpochProposal", PROPOSAL_TYPES, empty),
    );

    const signatures = await signProposal(system, proposal);
    await expect(distributor.connect(relayer).propose(proposal, signatures), "propose")
      .to.emit(distributor, "EpochProposed")
      .withArgs(
        hash,
        proposalTuple(proposal),
        (deadline: bigint) => deadline > 0n,
        oracles.slice(0, 3).map((o) => o.address),
      );
  });

  it("ContributionLedger accepts contributions an attester signed with ethers", async () => {
    const system = await funded();
    const { ledger, attester, alice, carol, relayer } = system;
    const domain = await ledgerDomain(system);
    await expectDomain(ledger, domain);

    const batch = [contribution(carol.address, "s1"), contribution(alice.address, "s2")];
    const deadline = await inOneHour();
    const message = { contributions: batch, attester: attester.address, nonce: 0n, deadline };
    const signature = await attester.signTypedData(domain, ATTEST_TYPES, message);
    expect(ethers.recoverAddress(TypedDataEncoder.hash(domain, ATTEST_TYPES, message), signature), "signer").to.equal(
      attester.address,
    );

    const tx = ledger.connect(relayer).attestWithSig(batch, attester.address, deadline, signature);
    for (const c of batch) {
      await expect(tx, "ContributionAttested")
        .to.emit(ledger, "ContributionAttested")
        .withArgs(
          await ledger.contributionId(c.assetId, c.contributor, c.evidenceHash),
          c.assetId,
          c.contributor,
          attester.address,
          c.laborMicroUsd,
          c.toolsMicroUsd,
          c.computeMicroUsd,
          c.evidenceHash,
          c.evidenceUri,
        );
    }
    expect(await ledger.nonces(attester.address), "nonce").to.equal(1n);
  });

  it("AssetRegistry takes an authorship statement a verifier signed with ethers and hands the asset to its author", async () => {
    const system = await funded();
    const { registry, verifier, alice, carol } = system;
    const domain = await registryDomain(system);
    await expectDomain(registry, domain);

    // Alice registered asset 1 (in the fixture); the verifier states that carol wrote its content.
    const [contentHash] = await registry.assetInfo(1n);
    const statement = { contentHash, author: carol.address, deadline: await inOneHour() };
    expect(await registry.authorshipDigest(contentHash, carol.address, statement.deadline), "digest").to.equal(
      TypedDataEncoder.hash(domain, AUTHORSHIP_TYPES, statement),
    );
    const signature = await verifier.signTypedData(domain, AUTHORSHIP_TYPES, statement);
    const authorship = { author: carol.address, verifier: verifier.address, deadline: statement.deadline, signature };
    await expect(registry.connect(carol).reclaim(1n, authorship, [], []), "reclaim")
      .to.emit(registry, "AuthorshipVerified")
      .withArgs(1n, carol.address, verifier.address, alice.address);
    expect(await registry.ownerOf(1n), "owner").to.equal(carol.address);
  });

  it("PayoutDistributor pays the recipient of a claim an account signed with ethers", async () => {
    const system = await funded();
    const { distributor, tokens, tokenAddresses, alice, carol, relayer } = system;
    const [tokenA] = tokenAddresses;
    const leaves: Leaf[] = [
      [alice.address, tokenA, 1_000n],
      [carol.address, tokenA, 500n],
    ];
    const tree = buildTree(leaves);
    await finaliseEpoch(
      system,
      connection,
      makeProposal(1n, 1n, 100n, tree.root, [...tokenAddresses], totalsOf(leaves, [...tokenAddresses])),
    );

    const deadline = await inOneHour();
    const claim = {
      account: alice.address,
      token: tokenA,
      cumulativeAmount: 1_000n,
      recipient: carol.address,
      nonce: 0n,
      deadline,
    };
    const domain = await distributorDomain(system);
    const signature = await alice.signTypedData(domain, CLAIM_TYPES, claim);
    expect(ethers.recoverAddress(TypedDataEncoder.hash(domain, CLAIM_TYPES, claim), signature), "signer").to.equal(
      alice.address,
    );

    const tx = distributor
      .connect(relayer)
      .claimWithSig(alice.address, tokenA, 1_000n, tree.getProof(0), carol.address, deadline, signature);
    await expect(tx, "ClaimedTo")
      .to.emit(distributor, "ClaimedTo")
      .withArgs(alice.address, tokenA, carol.address, 1_000n);
    await expect(tx, "balances").to.changeTokenBalances(ethers, tokens[0], [alice, carol], [0n, 1_000n]);
    expect(await distributor.nonces(alice.address), "nonce").to.equal(1n);
  });
});
