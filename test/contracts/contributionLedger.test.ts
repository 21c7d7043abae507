import { expect } from "chai";
import { AbiCoder, keccak256, TypedDataEncoder } from "ethers";
import { network } from "hardhat";

import {
  ATTEST_TYPES,
  type Contribution,
  contribution,
  DEFAULT_ADMIN_ROLE,
  deploySystem,
  evidenceHash,
  ledgerDomain,
  registerAsset,
  shouldBehaveLikeDefaultAdminRules,
  Status,
  type System,
  type TypedDataSigner,
  ZERO_HASH,
} from "./fixtures.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** The system with two assets (ids 1 and 2). */
async function withAssets(): Promise<System> {
  return networkHelpers.loadFixture(withAssetsFixture);
}

async function withAssetsFixture(...args: Parameters<typeof deploySystem>): Promise<System> {
  const system = await deploySystem(...args);
  await registerAsset(system.registry, system.alice, "asset-1");
  await registerAsset(system.registry, system.bob, "asset-2");
  return system;
}

function idOf(c: Contribution): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "address", "bytes32"], [c.assetId, c.contributor, c.evidenceHash]),
  );
}

function attestedArgs(c: Contribution, attester: string): unknown[] {
  return [
    idOf(c),
    c.assetId,
    c.contributor,
    attester,
    c.laborMicroUsd,
    c.toolsMicroUsd,
    c.computeMicroUsd,
    c.evidenceHash,
    c.evidenceUri,
  ];
}

async function signAttestation(
  system: System,
  signer: TypedDataSigner,
  contributions: Contribution[],
  attester: string,
  nonce: bigint,
  deadline: bigint,
): Promise<string> {
  const domain = await ledgerDomain(system.ledger, system.chainId);
  return signer.signTypedData(domain, ATTEST_TYPES, { contributions, attester, nonce, deadline });
}

async function inOneHour(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest()) + 3_600n;
}

describe("ContributionLedger", function () {
  describe("deployment", function () {
    it("grants the attester role to the initial attesters and names its EIP-712 domain", async function () {
      const { ledger, attester, stranger } = await withAssets();
      const role = await ledger.ATTESTER_ROLE();
      expect(role).to.equal(ethers.id("ATTESTER_ROLE"));
      expect(await ledger.hasRole(role, attester.address)).to.equal(true);
      expect(await ledger.hasRole(role, stranger.address)).to.equal(false);
      const domain = await ledger.eip712Domain();
      expect(domain.name).to.equal("CoherenceContributionLedger");
      expect(domain.version).to.equal("1");
    });
  });

  describe("attest", function () {
    it("attests a contribution, emits its full record and marks its id attested", async function () {
      const system = await withAssets();
      const { ledger, attester, carol } = system;
      const c = contribution(carol.address, 1n, "commit-1");
      expect(await ledger.connect(attester).attest.staticCall(c)).to.equal(idOf(c));
      await expect(ledger.connect(attester).attest(c))
        .to.emit(ledger, "ContributionAttested")
        .withArgs(...attestedArgs(c, attester.address));
      expect(await ledger.statusOf(idOf(c))).to.equal(Status.Attested);
    });

    it("derives contribution ids as keccak256(abi.encode(assetId, contributor, evidenceHash))", async function () {
      const { ledger, carol } = await withAssets();
      const c = contribution(carol.address, 2n, "commit-x");
      expect(await ledger.contributionId(2n, carol.address, c.evidenceHash)).to.equal(idOf(c));
      expect(await ledger.statusOf(idOf(c))).to.equal(Status.None);
    });

    it("accepts a contribution with only one non-zero cost, whichever it is", async function () {
      const { ledger, attester, carol } = await withAssets();
      const only = [
        { laborMicroUsd: 1n, toolsMicroUsd: 0n, computeMicroUsd: 0n },
        { laborMicroUsd: 0n, toolsMicroUsd: 1n, computeMicroUsd: 0n },
        { laborMicroUsd: 0n, toolsMicroUsd: 0n, computeMicroUsd: 1n },
      ];
      for (const [i, costs] of only.entries()) {
        await expect(ledger.connect(attester).attest(contribution(carol.address, 1n, `only-${i}`, costs))).to.emit(
          ledger,
          "ContributionAttested",
        );
      }
    });

    it("accepts the maximal uint64 costs", async function () {
      const { ledger, attester, carol } = await withAssets();
      const max = 2n ** 64n - 1n;
      const c = contribution(carol.address, 1n, "max", { laborMicroUsd: max, toolsMicroUsd: max, computeMicroUsd: max });
      await expect(ledger.connect(attester).attest(c))
        .to.emit(ledger, "ContributionAttested")
        .withArgs(...attestedArgs(c, attester.address));
    });

    it("accepts the same evidence for another contributor or another asset", async function () {
      const { ledger, attester, carol, bob } = await withAssets();
      await ledger.connect(attester).attest(contribution(carol.address, 1n, "shared"));
      await expect(ledger.connect(attester).attest(contribution(bob.address, 1n, "shared"))).to.emit(
        ledger,
        "ContributionAttested",
      );
      await expect(ledger.connect(attester).attest(contribution(carol.address, 2n, "shared"))).to.emit(
        ledger,
        "ContributionAttested",
      );
    });

    it("rejects callers without the attester role", async function () {
      const { ledger, stranger, carol } = await withAssets();
      await expect(ledger.connect(stranger).attest(contribution(carol.address, 1n, "c")))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await ledger.ATTESTER_ROLE());
    });

    it("rejects asset 0 and assets that do not exist", async function () {
      const { ledger, attester, carol } = await withAssets();
      await expect(ledger.connect(attester).attest(contribution(carol.address, 0n, "c")))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerUnknownAsset")
        .withArgs(0n);
      await expect(ledger.connect(attester).attest(contribution(carol.address, 3n, "c")))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerUnknownAsset")
        .withArgs(3n);
    });

    it("rejects a zero contributor", async function () {
      const { ledger, attester } = await withAssets();
      await expect(
        ledger.connect(attester).attest(contribution(ethers.ZeroAddress, 1n, "c")),
      ).to.be.revertedWithCustomError(ledger, "ContributionLedgerZeroContributor");
    });

    it("rejects a contribution whose costs are all zero", async function () {
      const { ledger, attester, carol } = await withAssets();
      const c = contribution(carol.address, 1n, "c", { laborMicroUsd: 0n, toolsMicroUsd: 0n, computeMicroUsd: 0n });
      await expect(ledger.connect(attester).attest(c)).to.be.revertedWithCustomError(
        ledger,
        "ContributionLedgerZeroCost",
      );
    });

    it("rejects a zero evidence hash", async function () {
      const { ledger, attester, carol } = await withAssets();
      const c = contribution(carol.address, 1n, "c", { evidenceHash: ZERO_HASH });
      await expect(ledger.connect(attester).attest(c)).to.be.revertedWithCustomError(
        ledger,
        "ContributionLedgerZeroEvidence",
      );
    });

    it("rejects the same (asset, contributor, evidence) twice, whatever the other fields", async function () {
      const { ledger, attester, carol } = await withAssets();
      const c = contribution(carol.address, 1n, "dup");
      await ledger.connect(attester).attest(c);
      const again = { ...c, laborMicroUsd: 9n, evidenceUri: "elsewhere" };
      await expect(ledger.connect(attester).attest(again))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerAlreadyAttested")
        .withArgs(idOf(c));
    });
  });

  describe("attestBatch", function () {
    it("attests every contribution and emits one event each", async function () {
      const { ledger, attester, carol, bob } = await withAssets();
      const batch = [
        contribution(carol.address, 1n, "b1"),
        contribution(bob.address, 2n, "b2"),
        contribution(carol.address, 2n, "b3"),
      ];
      const tx = ledger.connect(attester).attestBatch(batch);
      for (const c of batch) {
        await expect(tx)
          .to.emit(ledger, "ContributionAttested")
          .withArgs(...attestedArgs(c, attester.address));
      }
      for (const c of batch) expect(await ledger.statusOf(idOf(c))).to.equal(Status.Attested);
    });

    it("rejects an empty batch", async function () {
      const { ledger, attester } = await withAssets();
      await expect(ledger.connect(attester).attestBatch([])).to.be.revertedWithCustomError(
        ledger,
        "ContributionLedgerEmptyBatch",
      );
    });

    it("rejects a duplicate within one batch and attests none of it", async function () {
      const { ledger, attester, carol } = await withAssets();
      const c = contribution(carol.address, 1n, "twice");
      const other = contribution(carol.address, 2n, "first");
      await expect(ledger.connect(attester).attestBatch([other, c, { ...c, evidenceUri: "again" }]))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerAlreadyAttested")
        .withArgs(idOf(c));
      expect(await ledger.statusOf(idOf(other))).to.equal(Status.None);
    });

    it("rejects a batch with an invalid item", async function () {
      const { ledger, attester, carol } = await withAssets();
      await expect(
        ledger.connect(attester).attestBatch([contribution(carol.address, 1n, "ok"), contribution(carol.address, 7n, "x")]),
      )
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerUnknownAsset")
        .withArgs(7n);
    });

    it("rejects callers without the attester role", async function () {
      const { ledger, stranger, carol } = await withAssets();
      await expect(ledger.connect(stranger).attestBatch([contribution(carol.address, 1n, "c")]))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await ledger.ATTESTER_ROLE());
    });
  });

  describe("attestWithSig", function () {
    it("hashes the typed data exactly as ethers does (EIP-712 struct arrays)", async function () {
      const system = await withAssets();
      const { ledger, attester, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1"), contribution(carol.address, 2n, "s2")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, attester, batch, attester.address, 0n, deadline);
      // The digest ethers computes recovers to the attester, so the contract accepts the signature.
      const domain = await ledgerDomain(ledger, system.chainId);
      const digest = TypedDataEncoder.hash(domain, ATTEST_TYPES, {
        contributions: batch,
        attester: attester.address,
        nonce: 0n,
        deadline,
      });
      expect(ethers.recoverAddress(digest, signature)).to.equal(attester.address);
      await expect(ledger.connect(stranger).attestWithSig(batch, attester.address, deadline, signature)).to.emit(
        ledger,
        "ContributionAttested",
      );
    });

    it("attests contributions an attester signed, submitted by any relayer, and uses the nonce", async function () {
      const system = await withAssets();
      const { ledger, attester, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1"), contribution(carol.address, 2n, "s2")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, attester, batch, attester.address, 0n, deadline);

      const tx = ledger.connect(stranger).attestWithSig(batch, attester.address, deadline, signature);
      for (const c of batch) {
        await expect(tx)
          .to.emit(ledger, "ContributionAttested")
          .withArgs(...attestedArgs(c, attester.address));
      }
      expect(await ledger.nonces(attester.address)).to.equal(1n);
    });

    it("rejects a replayed signature (the nonce has moved on)", async function () {
      const system = await withAssets();
      const { ledger, attester, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, attester, batch, attester.address, 0n, deadline);
      await ledger.connect(stranger).attestWithSig(batch, attester.address, deadline, signature);
      // The nonce was consumed, so the same signature no longer matches the next nonce.
      await expect(ledger.connect(stranger).attestWithSig(batch, attester.address, deadline, signature))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(attester.address);
    });

    it("accepts a signature at its deadline and rejects it after", async function () {
      const system = await withAssets();
      const { ledger, attester, carol, stranger } = system;
      const deadline = await inOneHour();
      const first = [contribution(carol.address, 1n, "on-time")];
      const firstSig = await signAttestation(system, attester, first, attester.address, 0n, deadline);
      await networkHelpers.time.setNextBlockTimestamp(deadline);
      await expect(ledger.connect(stranger).attestWithSig(first, attester.address, deadline, firstSig)).to.emit(
        ledger,
        "ContributionAttested",
      );

      const late = [contribution(carol.address, 1n, "late")];
      const lateSig = await signAttestation(system, attester, late, attester.address, 1n, deadline);
      await expect(ledger.connect(stranger).attestWithSig(late, attester.address, deadline, lateSig))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerExpiredSignature")
        .withArgs(deadline);
    });

    it("rejects a signer without the attester role", async function () {
      const system = await withAssets();
      const { ledger, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, stranger, batch, stranger.address, 0n, deadline);
      await expect(ledger.connect(stranger).attestWithSig(batch, stranger.address, deadline, signature))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(stranger.address);
    });

    it("rejects a signature by someone other than the named attester", async function () {
      const system = await withAssets();
      const { ledger, attester, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, stranger, batch, attester.address, 0n, deadline);
      await expect(ledger.connect(stranger).attestWithSig(batch, attester.address, deadline, signature))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(attester.address);
    });

    it("rejects contributions that differ from the signed ones", async function () {
      const system = await withAssets();
      const { ledger, attester, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, attester, batch, attester.address, 0n, deadline);
      const inflated = [{ ...batch[0]!, laborMicroUsd: 10n ** 12n }];
      await expect(ledger.connect(stranger).attestWithSig(inflated, attester.address, deadline, signature))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(attester.address);
      const otherUri = [{ ...batch[0]!, evidenceUri: "ipfs://other" }];
      await expect(ledger.connect(stranger).attestWithSig(otherUri, attester.address, deadline, signature))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(attester.address);
    });

    it("rejects a signature for another deadline", async function () {
      const system = await withAssets();
      const { ledger, attester, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, attester, batch, attester.address, 0n, deadline);
      await expect(ledger.connect(stranger).attestWithSig(batch, attester.address, deadline + 1n, signature))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(attester.address);
    });

    it("rejects a signature of an attester whose role was revoked since", async function () {
      const system = await withAssets();
      const { ledger, admin, attester, carol, stranger } = system;
      const batch = [contribution(carol.address, 1n, "s1")];
      const deadline = await inOneHour();
      const signature = await signAttestation(system, attester, batch, attester.address, 0n, deadline);
      await ledger.connect(admin).revokeRole(await ledger.ATTESTER_ROLE(), attester.address);
      await expect(ledger.connect(stranger).attestWithSig(batch, attester.address, deadline, signature))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(attester.address);
    });

    it("rejects an empty signed batch", async function () {
      const system = await withAssets();
      const { ledger, attester, stranger } = system;
      const deadline = await inOneHour();
      const signature = await signAttestation(system, attester, [], attester.address, 0n, deadline);
      await expect(
        ledger.connect(stranger).attestWithSig([], attester.address, deadline, signature),
      ).to.be.revertedWithCustomError(ledger, "ContributionLedgerEmptyBatch");
    });

    it("accepts an ERC-1271 smart-wallet attester and rejects signatures its owner did not make", async function () {
      const system = await withAssets();
      const { ledger, admin, carol, stranger, bob } = system;
      const wallet = await ethers.deployContract("ERC1271Wallet", [bob.address]);
      const walletAddress = await wallet.getAddress();
      await ledger.connect(admin).grantRole(await ledger.ATTESTER_ROLE(), walletAddress);

      const batch = [contribution(carol.address, 1n, "wallet")];
      const deadline = await inOneHour();
      const forged = await signAttestation(system, stranger, batch, walletAddress, 0n, deadline);
      await expect(ledger.connect(stranger).attestWithSig(batch, walletAddress, deadline, forged))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerInvalidSignature")
        .withArgs(walletAddress);

      const signature = await signAttestation(system, bob, batch, walletAddress, 0n, deadline);
      await expect(ledger.connect(stranger).attestWithSig(batch, walletAddress, deadline, signature))
        .to.emit(ledger, "ContributionAttested")
        .withArgs(...attestedArgs(batch[0]!, walletAddress));
      expect(await ledger.nonces(walletAddress)).to.equal(1n);
    });
  });

  describe("revoke", function () {
    it("revokes an attested contribution with a reason", async function () {
      const { ledger, attester, carol } = await withAssets();
      const c = contribution(carol.address, 1n, "r");
      await ledger.connect(attester).attest(c);
      await expect(ledger.connect(attester).revoke(idOf(c), "plagiarised"))
        .to.emit(ledger, "ContributionRevoked")
        .withArgs(idOf(c), attester.address, "plagiarised");
      expect(await ledger.statusOf(idOf(c))).to.equal(Status.Revoked);
    });

    it("lets any attester revoke, not only the one who attested", async function () {
      const { ledger, admin, attester, carol, bob } = await withAssets();
      const c = contribution(carol.address, 1n, "r");
      await ledger.connect(attester).attest(c);
      await ledger.connect(admin).grantRole(await ledger.ATTESTER_ROLE(), bob.address);
      await expect(ledger.connect(bob).revoke(idOf(c), "wrong asset"))
        .to.emit(ledger, "ContributionRevoked")
        .withArgs(idOf(c), bob.address, "wrong asset");
    });

    it("rejects revoking twice", async function () {
      const { ledger, attester, carol } = await withAssets();
      const c = contribution(carol.address, 1n, "r");
      await ledger.connect(attester).attest(c);
      await ledger.connect(attester).revoke(idOf(c), "once");
      await expect(ledger.connect(attester).revoke(idOf(c), "twice"))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerNotAttested")
        .withArgs(idOf(c));
    });

    it("rejects revoking an unknown id", async function () {
      const { ledger, attester } = await withAssets();
      const unknown = evidenceHash("never");
      await expect(ledger.connect(attester).revoke(unknown, "?"))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerNotAttested")
        .withArgs(unknown);
    });

    it("rejects re-attesting a revoked contribution", async function () {
      const { ledger, attester, carol } = await withAssets();
      const c = contribution(carol.address, 1n, "r");
      await ledger.connect(attester).attest(c);
      await ledger.connect(attester).revoke(idOf(c), "bad");
      await expect(ledger.connect(attester).attest(c))
        .to.be.revertedWithCustomError(ledger, "ContributionLedgerAlreadyAttested")
        .withArgs(idOf(c));
    });

    it("rejects callers without the attester role", async function () {
      const { ledger, attester, carol, stranger } = await withAssets();
      const c = contribution(carol.address, 1n, "r");
      await ledger.connect(attester).attest(c);
      await expect(ledger.connect(stranger).revoke(idOf(c), "mine now"))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await ledger.ATTESTER_ROLE());
    });
  });

  describe("roles", function () {
    it("lets the admin grant and revoke attesters", async function () {
      const { ledger, admin, carol } = await withAssets();
      const role = await ledger.ATTESTER_ROLE();
      await expect(ledger.connect(admin).grantRole(role, carol.address))
        .to.emit(ledger, "RoleGranted")
        .withArgs(role, carol.address, admin.address);
      await expect(ledger.connect(carol).attest(contribution(carol.address, 1n, "self"))).to.emit(
        ledger,
        "ContributionAttested",
      );
      await expect(ledger.connect(admin).revokeRole(role, carol.address))
        .to.emit(ledger, "RoleRevoked")
        .withArgs(role, carol.address, admin.address);
      await expect(ledger.connect(carol).attest(contribution(carol.address, 1n, "self-2")))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(carol.address, role);
    });

    it("rejects granting attesters by anyone but the admin", async function () {
      const { ledger, attester, carol } = await withAssets();
      await expect(ledger.connect(attester).grantRole(await ledger.ATTESTER_ROLE(), carol.address))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(attester.address, DEFAULT_ADMIN_ROLE);
    });
  });

  shouldBehaveLikeDefaultAdminRules(connection, async () => {
    const { ledger, admin, newAdmin, stranger, carol } = await withAssets();
    return {
      contract: ledger,
      admin,
      newAdmin,
      stranger,
      adminAction: async (signer) => ledger.connect(signer).grantRole(await ledger.ATTESTER_ROLE(), carol.address),
    };
  });
});
