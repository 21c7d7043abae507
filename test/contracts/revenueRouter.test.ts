import { expect } from "chai";
import fc from "fast-check";
import { network } from "hardhat";

import {
  ADMIN_DELAY,
  BPS,
  DEFAULT_ADMIN_ROLE,
  deploySystem,
  FEE_BPS,
  POOL_BPS,
  registerAsset,
  shouldBehaveLikeDefaultAdminRules,
  type System,
} from "./fixtures.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const PAYER_FUNDS = 10n ** 30n;

/** The system with two assets, and the payer holding and having approved both tokens. */
async function ready(): Promise<System> {
  return networkHelpers.loadFixture(readyFixture);
}

async function readyFixture(...args: Parameters<typeof deploySystem>): Promise<System> {
  const system = await deploySystem(...args);
  const { registry, router, tokens, payer, alice, bob } = system;
  await registerAsset(registry, alice, "asset-1");
  await registerAsset(registry, bob, "asset-2");
  for (const token of tokens) {
    await token.mint(payer.address, PAYER_FUNDS);
    await token.connect(payer).approve(router, ethers.MaxUint256);
  }
  return system;
}

/** The split as the contract documents it: fee first, pool of the rest, reserve takes the rounding. */
function split(amount: bigint, feeBps: bigint, poolBps: bigint): { fee: bigint; reserve: bigint; pool: bigint } {
  const fee = (amount * feeBps) / BPS;
  const pool = ((amount - fee) * poolBps) / BPS;
  return { fee, reserve: amount - fee - pool, pool };
}

describe("RevenueRouter", function () {
  describe("deployment", function () {
    it("sets the parameters and emits them", async function () {
      const { registry, distributor, admin, treasury, reserve } = await ready();
      const router = await ethers.deployContract("RevenueRouter", [
        registry,
        distributor,
        admin,
        ADMIN_DELAY,
        treasury,
        reserve,
        FEE_BPS,
        POOL_BPS,
      ]);
      const tx = router.deploymentTransaction();
      await expect(tx).to.emit(router, "TreasurySet").withArgs(treasury.address);
      await expect(tx).to.emit(router, "ReserveSet").withArgs(reserve.address);
      await expect(tx).to.emit(router, "SplitSet").withArgs(FEE_BPS, POOL_BPS);
      expect(await router.feeBps()).to.equal(FEE_BPS);
      expect(await router.poolBps()).to.equal(POOL_BPS);
      expect(await router.treasury()).to.equal(treasury.address);
      expect(await router.reserve()).to.equal(reserve.address);
      expect(await router.MAX_FEE_BPS()).to.equal(1_000n);
    });

    it("rejects a zero treasury or reserve, a fee above the cap and a pool share above 100%", async function () {
      const { registry, distributor, admin, treasury, reserve } = await ready();
      const factory = await ethers.getContractFactory("RevenueRouter");
      const base = [registry, distributor, admin, ADMIN_DELAY] as const;
      await expect(
        factory.deploy(...base, ethers.ZeroAddress, reserve, FEE_BPS, POOL_BPS),
      ).to.be.revertedWithCustomError(factory, "RevenueRouterZeroAddress");
      await expect(
        factory.deploy(...base, treasury, ethers.ZeroAddress, FEE_BPS, POOL_BPS),
      ).to.be.revertedWithCustomError(factory, "RevenueRouterZeroAddress");
      await expect(factory.deploy(...base, treasury, reserve, 1_001n, POOL_BPS))
        .to.be.revertedWithCustomError(factory, "RevenueRouterFeeTooHigh")
        .withArgs(1_001n, 1_000n);
      await expect(factory.deploy(...base, treasury, reserve, FEE_BPS, 10_001n))
        .to.be.revertedWithCustomError(factory, "RevenueRouterPoolShareTooHigh")
        .withArgs(10_001n);
    });
  });

  describe("pay", function () {
    it("splits a payment: 2% fee to the treasury, then 50/50 reserve and pool, the pool funding the distributor", async function () {
      const { router, distributor, tokens, payer, treasury, reserve } = await ready();
      const [token] = tokens;
      const amount = 10_000n * 10n ** 18n;
      const fee = 200n * 10n ** 18n;
      const pool = 4_900n * 10n ** 18n;
      const tx = router.connect(payer).pay(1n, token, amount);
      await expect(tx)
        .to.emit(router, "RevenuePaid")
        .withArgs(1n, await token.getAddress(), payer.address, amount, fee, pool, pool);
      await expect(tx)
        .to.emit(distributor, "Funded")
        .withArgs(await token.getAddress(), await router.getAddress(), pool, pool);
      await expect(tx).to.changeTokenBalances(
        ethers,
        token,
        [payer, treasury, reserve, distributor, router],
        [-amount, fee, pool, pool, 0n],
      );
      const [funded, allocated] = await distributor.tokenTotals(token);
      expect(funded).to.equal(pool);
      expect(allocated).to.equal(0n);
    });

    it("accumulates funding per token across payments and assets", async function () {
      const { router, distributor, tokens, payer } = await ready();
      const [tokenA, tokenB] = tokens;
      await router.connect(payer).pay(1n, tokenA, 1_000n);
      await expect(router.connect(payer).pay(2n, tokenA, 3_000n))
        .to.emit(distributor, "Funded")
        .withArgs(await tokenA.getAddress(), await router.getAddress(), 1_470n, 490n + 1_470n);
      await router.connect(payer).pay(2n, tokenB, 100n);
      expect((await distributor.tokenTotals(tokenA))[0]).to.equal(1_960n);
      expect((await distributor.tokenTotals(tokenB))[0]).to.equal(49n);
    });

    it("rounds down fee and pool and gives the remainder to the reserve, conserving every unit", async function () {
      const { router, tokens, payer, treasury, reserve, distributor } = await ready();
      const [token] = tokens;
      // fee = 12345 * 2% = 246.9 -> 246; pool = 12099 / 2 = 6049.5 -> 6049; reserve = 6050.
      const tx = router.connect(payer).pay(2n, token, 12_345n);
      await expect(tx)
        .to.emit(router, "RevenuePaid")
        .withArgs(2n, await token.getAddress(), payer.address, 12_345n, 246n, 6_050n, 6_049n);
      await expect(tx).to.changeTokenBalances(ethers, token, [treasury, reserve, distributor], [246n, 6_050n, 6_049n]);
    });

    it("skips zero transfers: a 1-unit payment goes entirely to the reserve and funds nothing", async function () {
      const { router, distributor, tokens, payer, reserve } = await ready();
      const [token] = tokens;
      const tx = router.connect(payer).pay(1n, token, 1n);
      await expect(tx)
        .to.emit(router, "RevenuePaid")
        .withArgs(1n, await token.getAddress(), payer.address, 1n, 0n, 1n, 0n);
      await expect(tx).not.to.emit(distributor, "Funded");
      await expect(tx).to.changeTokenBalances(ethers, token, [payer, reserve], [-1n, 1n]);
    });

    it("sends everything to the pool with no fee and a 100% pool share", async function () {
      const { router, distributor, tokens, payer, admin, treasury, reserve } = await ready();
      const [token] = tokens;
      await router.connect(admin).setSplit(0, 10_000);
      const tx = router.connect(payer).pay(1n, token, 777n);
      await expect(tx)
        .to.emit(router, "RevenuePaid")
        .withArgs(1n, await token.getAddress(), payer.address, 777n, 0n, 0n, 777n);
      await expect(tx).to.changeTokenBalances(ethers, token, [treasury, reserve, distributor], [0n, 0n, 777n]);
    });

    it("funds nothing with a zero pool share", async function () {
      const { router, distributor, tokens, payer, admin, treasury, reserve } = await ready();
      const [token] = tokens;
      await router.connect(admin).setSplit(1_000, 0);
      const tx = router.connect(payer).pay(1n, token, 1_000n);
      await expect(tx).not.to.emit(distributor, "Funded");
      await expect(tx).to.changeTokenBalances(ethers, token, [treasury, reserve, distributor], [100n, 900n, 0n]);
    });

    it("lets anyone pay", async function () {
      const { router, tokens, stranger } = await ready();
      const [token] = tokens;
      await token.mint(stranger.address, 100n);
      await token.connect(stranger).approve(router, 100n);
      await expect(router.connect(stranger).pay(1n, token, 100n)).to.emit(router, "RevenuePaid");
    });

    it("rejects a zero amount", async function () {
      const { router, tokens, payer } = await ready();
      await expect(router.connect(payer).pay(1n, tokens[0], 0n)).to.be.revertedWithCustomError(
        router,
        "RevenueRouterZeroAmount",
      );
    });

    it("rejects asset 0 and unknown assets", async function () {
      const { router, tokens, payer } = await ready();
      await expect(router.connect(payer).pay(0n, tokens[0], 1n))
        .to.be.revertedWithCustomError(router, "RevenueRouterUnknownAsset")
        .withArgs(0n);
      await expect(router.connect(payer).pay(3n, tokens[0], 1n))
        .to.be.revertedWithCustomError(router, "RevenueRouterUnknownAsset")
        .withArgs(3n);
    });

    it("rejects a fee-on-transfer token: the router received less than was paid", async function () {
      const { router, payer } = await ready();
      const fot = await ethers.deployContract("FeeOnTransferToken");
      await fot.mint(payer.address, 10_000n);
      await fot.connect(payer).approve(router, 10_000n);
      await expect(router.connect(payer).pay(1n, fot, 10_000n))
        .to.be.revertedWithCustomError(router, "RevenueRouterUnexpectedBalanceChange")
        .withArgs(10_000n, 9_900n);
    });

    it("rejects a token that charges the router's outgoing transfers, before the distributor records funding", async function () {
      const { router, distributor, payer } = await ready();
      const fot = await ethers.deployContract("FeeOnTransferToken");
      await fot.exempt(payer.address);
      await fot.mint(payer.address, 10_000n);
      await fot.connect(payer).approve(router, 10_000n);
      // 10,000 in: fee 200, pool 4,900 of which 1% is burnt on the way to the distributor.
      await expect(router.connect(payer).pay(1n, fot, 10_000n))
        .to.be.revertedWithCustomError(router, "RevenueRouterUnexpectedBalanceChange")
        .withArgs(4_900n, 4_851n);
      expect(await distributor.tokenTotals(fot)).to.deep.equal([0n, 0n]);
    });

    it("splits amounts too large for a plain product without overflow", async function () {
      const { router } = await ready();
      const huge = 2n ** 256n - 1n;
      const fee = (huge * 200n) / 10_000n;
      const pool = ((huge - fee) * 5_000n) / 10_000n;
      expect(await router.previewSplit(huge)).to.deep.equal([fee, huge - fee - pool, pool]);
    });

    it("rejects a payment without allowance", async function () {
      const { router, tokens, stranger } = await ready();
      const [token] = tokens;
      await token.mint(stranger.address, 100n);
      await expect(router.connect(stranger).pay(1n, token, 100n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(await router.getAddress(), 0n, 100n);
    });

    it("rejects re-entering pay from a token callback", async function () {
      const { router, payer } = await ready();
      const token = await ethers.deployContract("ReentrantToken");
      await token.mint(payer.address, 1_000n);
      await token.connect(payer).approve(router, 1_000n);
      await token.arm(router, 1n);
      await expect(router.connect(payer).pay(1n, token, 1_000n)).to.be.revertedWithCustomError(
        router,
        "ReentrancyGuardReentrantCall",
      );
    });
  });

  describe("previewSplit", function () {
    it("matches the documented formula and conserves every unit (edge amounts, several splits)", async function () {
      const { router, admin } = await ready();
      const amounts = [1n, 2n, 3n, 49n, 50n, 51n, 99n, 100n, 101n, 9_999n, 10_000n, 10_001n, 10n ** 18n + 7n];
      amounts.push(2n ** 200n - 1n);
      for (const [feeBps, poolBps] of [
        [200n, 5_000n],
        [0n, 0n],
        [1_000n, 10_000n],
        [333n, 6_667n],
        [1n, 1n],
      ] as const) {
        await router.connect(admin).setSplit(feeBps, poolBps);
        for (const amount of amounts) {
          const [fee, reserve, pool] = await router.previewSplit(amount);
          expect({ fee, reserve, pool }).to.deep.equal(split(amount, feeBps, poolBps));
          expect(fee + reserve + pool).to.equal(amount);
        }
      }
    });

    it("conserves every unit for random amounts (property)", async function () {
      const { router } = await ready();
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: 1n, max: 2n ** 240n }), async (amount) => {
          const [fee, reserve, pool] = await router.previewSplit(amount);
          expect(fee + reserve + pool).to.equal(amount);
          expect({ fee, reserve, pool }).to.deep.equal(split(amount, FEE_BPS, POOL_BPS));
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("setSplit", function () {
    it("sets the split within bounds and emits it", async function () {
      const { router, admin } = await ready();
      await expect(router.connect(admin).setSplit(1_000, 10_000)).to.emit(router, "SplitSet").withArgs(1_000n, 10_000n);
      expect(await router.feeBps()).to.equal(1_000n);
      expect(await router.poolBps()).to.equal(10_000n);
      await expect(router.connect(admin).setSplit(0, 0)).to.emit(router, "SplitSet").withArgs(0n, 0n);
    });

    it("rejects a fee above MAX_FEE_BPS", async function () {
      const { router, admin } = await ready();
      await expect(router.connect(admin).setSplit(1_001, 5_000))
        .to.be.revertedWithCustomError(router, "RevenueRouterFeeTooHigh")
        .withArgs(1_001n, 1_000n);
    });

    it("rejects a pool share above 10,000 bps", async function () {
      const { router, admin } = await ready();
      await expect(router.connect(admin).setSplit(200, 10_001))
        .to.be.revertedWithCustomError(router, "RevenueRouterPoolShareTooHigh")
        .withArgs(10_001n);
    });

    it("rejects anyone but the admin", async function () {
      const { router, stranger } = await ready();
      await expect(router.connect(stranger).setSplit(0, 0))
        .to.be.revertedWithCustomError(router, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
    });
  });

  describe("setTreasury and setReserve", function () {
    it("set the recipients, emit them, and later payments follow", async function () {
      const { router, admin, tokens, payer, alice, bob } = await ready();
      const [token] = tokens;
      await expect(router.connect(admin).setTreasury(alice.address)).to.emit(router, "TreasurySet").withArgs(alice.address);
      await expect(router.connect(admin).setReserve(bob.address)).to.emit(router, "ReserveSet").withArgs(bob.address);
      expect(await router.treasury()).to.equal(alice.address);
      expect(await router.reserve()).to.equal(bob.address);
      await expect(router.connect(payer).pay(1n, token, 10_000n)).to.changeTokenBalances(
        ethers,
        token,
        [alice, bob],
        [200n, 4_900n],
      );
    });

    it("reject the zero address", async function () {
      const { router, admin } = await ready();
      await expect(router.connect(admin).setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        router,
        "RevenueRouterZeroAddress",
      );
      await expect(router.connect(admin).setReserve(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        router,
        "RevenueRouterZeroAddress",
      );
    });

    it("reject anyone but the admin", async function () {
      const { router, stranger } = await ready();
      await expect(router.connect(stranger).setTreasury(stranger.address))
        .to.be.revertedWithCustomError(router, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
      await expect(router.connect(stranger).setReserve(stranger.address))
        .to.be.revertedWithCustomError(router, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, DEFAULT_ADMIN_ROLE);
    });
  });

  describe("wiring", function () {
    it("cannot fund the distributor without its FUNDER_ROLE", async function () {
      const { router, distributor, admin, tokens, payer } = await ready();
      await distributor.connect(admin).revokeRole(await distributor.FUNDER_ROLE(), router);
      await expect(router.connect(payer).pay(1n, tokens[0], 1_000n))
        .to.be.revertedWithCustomError(distributor, "AccessControlUnauthorizedAccount")
        .withArgs(await router.getAddress(), await distributor.FUNDER_ROLE());
    });
  });

  shouldBehaveLikeDefaultAdminRules(connection, async () => {
    const { router, admin, newAdmin, stranger } = await ready();
    return { contract: router, admin, newAdmin, stranger, adminAction: (signer) => router.connect(signer).setSplit(100, 100) };
  });
});
