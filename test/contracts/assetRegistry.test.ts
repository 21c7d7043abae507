import { expect } from "chai";
import { network } from "hardhat";

import { AssetKind, contentHash, deploySystem, registerAsset, ZERO_HASH } from "./fixtures.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function deployed() {
  return networkHelpers.loadFixture(deploySystem);
}

/** A registry with three root assets (ids 1, 2, 3) owned by alice, bob and carol. */
async function withThreeAssets() {
  const system = await deployed();
  const { registry, alice, bob, carol } = system;
  await registerAsset(registry, alice, "a");
  await registerAsset(registry, bob, "b");
  await registerAsset(registry, carol, "c");
  return system;
}

describe("AssetRegistry", function () {
  describe("deployment", function () {
    it("is an ERC-721 named Coherence Network Asset with no assets", async function () {
      const { registry } = await deployed();
      expect(await registry.name()).to.equal("Coherence Network Asset");
      expect(await registry.symbol()).to.equal("CNA");
      expect(await registry.assetCount()).to.equal(0n);
      expect(await registry.MAX_PARENTS()).to.equal(32n);
      expect(await registry.supportsInterface("0x80ac58cd")).to.equal(true); // ERC-721
      expect(await registry.supportsInterface("0x5b5e139f")).to.equal(true); // ERC-721 metadata
    });
  });

  describe("register", function () {
    it("registers a root asset, mints it to the caller and emits everything an indexer needs", async function () {
      const { registry, alice } = await deployed();
      const hash = contentHash("root");
      const tx = registry.connect(alice).register(hash, "ipfs://root", AssetKind.Model, [], []);
      await expect(tx)
        .to.emit(registry, "AssetRegistered")
        .withArgs(1n, alice.address, hash, AssetKind.Model, "ipfs://root", [], [], 0n)
        .and.to.emit(registry, "Transfer")
        .withArgs(ethers.ZeroAddress, alice.address, 1n);

      expect(await registry.assetCount()).to.equal(1n);
      expect(await registry.ownerOf(1n)).to.equal(alice.address);
      expect(await registry.balanceOf(alice.address)).to.equal(1n);
      expect(await registry.assetOf(hash)).to.equal(1n);
      expect(await registry.tokenURI(1n)).to.equal("ipfs://root");
      const [storedHash, kind, upstream] = await registry.assetInfo(1n);
      expect(storedHash).to.equal(hash);
      expect(kind).to.equal(BigInt(AssetKind.Model));
      expect(upstream).to.equal(0n);
    });

    it("returns the new asset id", async function () {
      const { registry, alice } = await withThreeAssets();
      expect(
        await registry.connect(alice).register.staticCall(contentHash("d"), "", AssetKind.Code, [], []),
      ).to.equal(4n);
    });

    it("records parents with their weights and the upstream share", async function () {
      const { registry, alice, bob } = await withThreeAssets();
      const hash = contentHash("child");
      await expect(registry.connect(bob).register(hash, "ipfs://child", AssetKind.Docs, [3n, 1n], [1_500, 2_500]))
        .to.emit(registry, "AssetRegistered")
        .withArgs(4n, bob.address, hash, AssetKind.Docs, "ipfs://child", [3n, 1n], [1_500n, 2_500n], 4_000n);
      const [, kind, upstream] = await registry.assetInfo(4n);
      expect(kind).to.equal(BigInt(AssetKind.Docs));
      expect(upstream).to.equal(4_000n);
      // Descendants can build on descendants: the lineage is a DAG.
      await registry.connect(alice).register(contentHash("grandchild"), "", AssetKind.Code, [4n, 2n], [5_000, 100]);
      expect((await registry.assetInfo(5n))[2]).to.equal(5_100n);
    });

    it("accepts an upstream share of exactly 10,000 bps", async function () {
      const { registry, alice } = await withThreeAssets();
      await registry.connect(alice).register(contentHash("all-upstream"), "", AssetKind.Other, [1n, 2n], [4_000, 6_000]);
      expect((await registry.assetInfo(4n))[2]).to.equal(10_000n);
    });

    it("accepts exactly MAX_PARENTS parents", async function () {
      const { registry, alice } = await deployed();
      for (let i = 0; i < 32; i += 1) await registerAsset(registry, alice, `p${i}`);
      const parents = Array.from({ length: 32 }, (_, i) => BigInt(i + 1));
      const weights = Array.from({ length: 32 }, () => 300);
      await expect(registry.connect(alice).register(contentHash("many"), "", AssetKind.Code, parents, weights))
        .to.emit(registry, "AssetRegistered")
        .withArgs(33n, alice.address, contentHash("many"), AssetKind.Code, "", parents, weights, 9_600n);
    });

    it("stores no URI when it is empty", async function () {
      const { registry, alice } = await deployed();
      await registry.connect(alice).register(contentHash("no-uri"), "", AssetKind.Data, [], []);
      expect(await registry.tokenURI(1n)).to.equal("");
    });

    it("rejects a zero content hash", async function () {
      const { registry, alice } = await deployed();
      await expect(
        registry.connect(alice).register(ZERO_HASH, "", AssetKind.Code, [], []),
      ).to.be.revertedWithCustomError(registry, "AssetRegistryZeroContentHash");
    });

    it("rejects a content hash registered before", async function () {
      const { registry, bob } = await withThreeAssets();
      await expect(registry.connect(bob).register(contentHash("b"), "", AssetKind.Code, [], []))
        .to.be.revertedWithCustomError(registry, "AssetRegistryContentHashTaken")
        .withArgs(contentHash("b"), 2n);
    });

    it("rejects parents and weights of different lengths", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, [1n, 2n], [100]))
        .to.be.revertedWithCustomError(registry, "AssetRegistryLengthMismatch")
        .withArgs(2n, 1n);
    });

    it("rejects more than MAX_PARENTS parents", async function () {
      const { registry, alice } = await withThreeAssets();
      const parents = Array.from({ length: 33 }, (_, i) => BigInt(i + 1));
      const weights = Array.from({ length: 33 }, () => 1);
      await expect(registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, parents, weights))
        .to.be.revertedWithCustomError(registry, "AssetRegistryTooManyParents")
        .withArgs(33n, 32n);
    });

    it("rejects parent 0", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, [1n, 0n], [100, 100]))
        .to.be.revertedWithCustomError(registry, "AssetRegistryUnknownParent")
        .withArgs(0n);
    });

    it("rejects a parent that does not exist yet, including the asset's own future id", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, [4n], [100]))
        .to.be.revertedWithCustomError(registry, "AssetRegistryUnknownParent")
        .withArgs(4n);
    });

    it("rejects a parent listed twice", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(
        registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, [1n, 2n, 1n], [100, 100, 100]),
      )
        .to.be.revertedWithCustomError(registry, "AssetRegistryDuplicateParent")
        .withArgs(1n);
    });

    it("rejects a zero edge weight", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, [1n, 3n], [100, 0]))
        .to.be.revertedWithCustomError(registry, "AssetRegistryZeroWeight")
        .withArgs(3n);
    });

    it("rejects weights that add up to more than 10,000 bps", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(
        registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, [1n, 2n, 3n], [5_000, 5_000, 1]),
      )
        .to.be.revertedWithCustomError(registry, "AssetRegistryUpstreamShareTooHigh")
        .withArgs(10_001n);
    });

    it("sums weights without uint16 overflow", async function () {
      const { registry, alice } = await withThreeAssets();
      // 65,535 + 65,535 would wrap in uint16; the sum is taken in uint256 and rejected as too high.
      await expect(registry.connect(alice).register(contentHash("x"), "", AssetKind.Code, [1n, 2n], [65_535, 65_535]))
        .to.be.revertedWithCustomError(registry, "AssetRegistryUpstreamShareTooHigh")
        .withArgs(131_070n);
    });
  });

  describe("setURI", function () {
    it("lets the owner change the URI and emits the new one", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(registry.connect(alice).setURI(1n, "ipfs://a-v2"))
        .to.emit(registry, "AssetURIUpdated")
        .withArgs(1n, "ipfs://a-v2");
      expect(await registry.tokenURI(1n)).to.equal("ipfs://a-v2");
    });

    it("rejects anyone but the owner", async function () {
      const { registry, bob } = await withThreeAssets();
      await expect(registry.connect(bob).setURI(1n, "ipfs://hijack"))
        .to.be.revertedWithCustomError(registry, "AssetRegistryNotOwner")
        .withArgs(1n, bob.address);
    });

    it("follows the token: the new owner may set the URI, the old one may not", async function () {
      const { registry, alice, bob } = await withThreeAssets();
      await registry.connect(alice).transferFrom(alice.address, bob.address, 1n);
      await expect(registry.connect(bob).setURI(1n, "ipfs://bob")).to.emit(registry, "AssetURIUpdated");
      await expect(registry.connect(alice).setURI(1n, "ipfs://alice"))
        .to.be.revertedWithCustomError(registry, "AssetRegistryNotOwner")
        .withArgs(1n, alice.address);
    });

    it("rejects an unknown asset", async function () {
      const { registry, alice } = await withThreeAssets();
      await expect(registry.connect(alice).setURI(4n, "ipfs://none"))
        .to.be.revertedWithCustomError(registry, "ERC721NonexistentToken")
        .withArgs(4n);
    });
  });

  describe("views", function () {
    it("tokenURI rejects an unknown asset", async function () {
      const { registry } = await withThreeAssets();
      await expect(registry.tokenURI(4n)).to.be.revertedWithCustomError(registry, "ERC721NonexistentToken").withArgs(4n);
    });

    it("assetInfo rejects asset 0 and ids above the count", async function () {
      const { registry } = await withThreeAssets();
      await expect(registry.assetInfo(0n))
        .to.be.revertedWithCustomError(registry, "AssetRegistryUnknownAsset")
        .withArgs(0n);
      await expect(registry.assetInfo(4n))
        .to.be.revertedWithCustomError(registry, "AssetRegistryUnknownAsset")
        .withArgs(4n);
    });

    it("assetOf is 0 for an unregistered content hash", async function () {
      const { registry } = await withThreeAssets();
      expect(await registry.assetOf(contentHash("nope"))).to.equal(0n);
    });
  });
});
