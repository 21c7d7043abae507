import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { getAddress, hexlify, id, randomBytes, Signature, TypedDataEncoder } from "ethers";
import { network } from "hardhat";

import type { ERC1271Wallet } from "../../types/ethers-contracts/index.ts";
import {
  ADMIN_DELAY,
  buildTree,
  CHALLENGE_PERIOD,
  CLAIM_TYPES,
  type CompactSignature,
  DEFAULT_ADMIN_ROLE,
  deploySystem,
  type Domain,
  distributorDomain,
  type Leaf,
  PROPOSAL_TYPES,
  type Proposal,
  proofOf,
  proposalTuple,
  registerAsset,
  shouldBehaveLikeDefaultAdminRules,
  signProposal,
  type System,
  THRESHOLD,
  totalsOf,
  type TypedDataSigner,
  ZERO_HASH,
} from "./fixtures.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/** What the router has funded the pool with, per token, in the `funded` fixture. */
const POOL_FUNDING = 49_000n;
const MAX_UINT128 = 2n ** 128n - 1n;
/** The secp256k1 group order, to build high-s (malleable) signatures. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

interface Context extends System {
  tokenA: string;
  tokenB: string;
  domain: Domain;
  wallet: ERC1271Wallet;
  walletAddress: string;
  /** Epoch 1: alice A 1000, bob A 500, alice B 300, wallet A 200. */
  leaves1: Leaf[];
  tree1: StandardMerkleTree<Leaf>;
  p1: Proposal;
  /** Epoch 2: alice A 2500 (top-up), bob A 500, alice B 300, bob B 700, wallet A 200, carol A 100. */
  leaves2: Leaf[];
  tree2: StandardMerkleTree<Leaf>;
  p2: Proposal;
}

function makeProposal(
  epoch: bigint,
  fromBlock: bigint,
  toBlock: bigint,
  tree: StandardMerkleTree<Leaf>,
  tokens: string[],
  totals: bigint[],
): Proposal {
  return {
    epoch,
    fromBlock,
    toBlock,
    payoutRoot: tree.root,
    scoresRoot: id(`scores-${epoch}`),
    manifestHash: id(`manifest-${epoch}`),
    tokens,
    totals,
  };
}

/** The system with one asset, the pool funded with 49,000 of each token through the router, and two epochs' trees. */
async function funded(): Promise<Context> {
  return networkHelpers.loadFixture(fundedFixture);
}

async function fundedFixture(...args: Parameters<typeof deploySystem>): Promise<Context> {
  const system = await deploySystem(...args);
  const { registry, router, distributor, tokens, payer, alice, bob, carol, chainId } = system;
  await registerAsset(registry, alice, "asset-1");
  for (const token of tokens) {
    await token.mint(payer.address, 100_000n);
    await token.connect(payer).approve(router, 100_000n);
    await router.connect(payer).pay(1n, token, 100_000n); // pool: 100,000 x 98% x 50% = 49,000
  }
  const [tokenA, tokenB] = (await Promise.all(tokens.map((t) => t.getAddress()))) as [string, string];
  const wallet = await ethers.deployContract("ERC1271Wallet", [bob.address]);
  const walletAddress = await wallet.getAddress();

  const leaves1: Leaf[] = [
    [alice.address, tokenA, 1_000n],
    [bob.address, tokenA, 500n],
    [alice.address, tokenB, 300n],
    [walletAddress, tokenA, 200n],
  ];
  const leaves2: Leaf[] = [
    [alice.address, tokenA, 2_500n],
    [bob.address, tokenA, 500n],
    [alice.address, tokenB, 300n],
    [bob.address, tokenB, 700n],
    [walletAddress, tokenA, 200n],
    [carol.address, tokenA, 100n],
  ];
  const tree1 = buildTree(leaves1);
  const tree2 = buildTree(leaves2);
  const pair = [tokenA, tokenB];
  return {
    ...system,
    tokenA,
    tokenB,
    domain: await distributorDomain(distributor, chainId),
    wallet,
    walletAddress,
    leaves1,
    tree1,
    p1: makeProposal(1n, 100n, 200n, tree1, pair, totalsOf(leaves1, pair)),
    leaves2,
    tree2,
    p2: makeProposal(2n, 201n, 300n, tree2, pair, totalsOf(leaves2, pair)),
  };
}

/** `funded` with epoch 1 finalised. */
async function epoch1(): Promise<Context> {
  return networkHelpers.loadFixture(epoch1Fixture);
}

async function epoch1Fixture(...args: Parameters<typeof deploySystem>): Promise<Context> {
  const ctx = await fundedFixture(...args);
  await finaliseEpoch(ctx, ctx.p1);
  return ctx;
}

/** The first `THRESHOLD` oracles (ascending). */
function quorum(ctx: Context): HardhatEthersSigner[] {
  return ctx.oracles.slice(0, THRESHOLD);
}

async function sign(
  ctx: Context,
  proposal: Proposal,
  signers: TypedDataSigner[] = quorum(ctx),
  domain: Domain = ctx.domain,
): Promise<CompactSignature[]> {
  return signProposal(domain, proposal, signers);
}

async function propose(ctx: Context, proposal: Proposal, signers: TypedDataSigner[] = quorum(ctx)) {
  return ctx.distributor.connect(ctx.stranger).propose(proposal, await sign(ctx, proposal, signers));
}

/** The challenge deadline of the proposal `tx` made. */
async function deadlineOf(tx: { wait(): Promise<{ blockNumber: number } | null> }): Promise<bigint> {
  const receipt = await tx.wait();
  if (receipt === null) throw new Error("no receipt");
  const block = await ethers.provider.getBlock(receipt.blockNumber);
  if (block === null) throw new Error("no block");
  return BigInt(block.timestamp) + CHALLENGE_PERIOD;
}

async function finaliseEpoch(ctx: Context, proposal: Proposal): Promise<void> {
  await (await propose(ctx, proposal)).wait();
  await time.increase(CHALLENGE_PERIOD);
  await (await ctx.distributor.connect(ctx.stranger).finalise(proposal)).wait();
}

async function signClaim(
  ctx: Context,
  signer: TypedDataSigner,
  claim: { account: string; token: string; cumulativeAmount: bigint; recipient: string; nonce: bigint; deadline: bigint },
): Promise<string> {
  return signer.signTypedData(ctx.domain, CLAIM_TYPES, claim);
}

async function inOneHour(): Promise<bigint> {
  return BigInt(await time.latest()) + 3_600n;
}

describe("PayoutDistributor", function () {
  describe("deployment", function () {
    it("registers the oracles, threshold, challenge period and guardian, and emits them", async function () {
      const { admin, guardian, oracles } = await funded();
      const distributor = await ethers.deployContract("PayoutDistributor", [
        admin,
        ADMIN_DELAY,
        guardian,
        oracles,
        THRESHOLD,
        CHALLENGE_PERIOD,
      ]);
      const tx = distributor.deploymentTransaction();
      for (const oracle of oracles) await expect(tx).to.emit(distributor, "OracleSet").withArgs(oracle.address, true);
      await expect(tx).to.emit(distributor, "ThresholdSet").withArgs(THRESHOLD);
      await expect(tx).to.emit(distributor, "ChallengePeriodSet").withArgs(CHALLENGE_PERIOD);
      await expect(tx)
        .to.emit(distributor, "RoleGranted")
        .withArgs(await distributor.GUARDIAN_ROLE(), guardian.address, admin.address);

      expect(await distributor.oracleConfig()).to.deep.equal([5n, BigInt(THRESHOLD), CHALLENGE_PERIOD]);
      for (const oracle of oracles) expect(await distributor.isOracle(oracle.address)).to.equal(true);
      expect(await distributor.isOracle(admin.address)).to.equal(false);
      expect(await distributor.hasRole(await distributor.GUARDIAN_ROLE(), guardian.address)).to.equal(true);
      expect(await distributor.root()).to.equal(ZERO_HASH);
      expect(await distributor.finalisedRoot()).to.equal(ZERO_HASH);
      expect(await distributor.finalisedEpoch()).to.deep.equal([0n, 0n]);
      expect(await distributor.pendingProposal()).to.deep.equal([0n, ZERO_HASH, 0n]);
      expect(await distributor.paused()).to.equal(false);
      expect(await distributor.MIN_CHALLENGE_PERIOD()).to.equal(600n);
      expect(await distributor.MAX_CHALLENGE_PERIOD()).to.equal(30n * 24n * 3600n);
      expect(await distributor.FUNDER_ROLE()).to.equal(id("FUNDER_ROLE"));
      expect(await distributor.GUARDIAN_ROLE()).to.equal(id("GUARDIAN_ROLE"));
    });

    it("rejects a zero or repeated oracle, a threshold out of range and a challenge period out of bounds", async function () {
      const { admin, guardian, oracles } = await funded();
      const factory = await ethers.getContractFactory("PayoutDistributor");
      const [o0, o1] = oracles as [HardhatEthersSigner, HardhatEthersSigner];
      await expect(
        factory.deploy(admin, ADMIN_DELAY, guardian, [o0, ethers.ZeroAddress], 1, CHALLENGE_PERIOD),
      ).to.be.revertedWithCustomError(factory, "PayoutDistributorZeroAddress");
      await expect(factory.deploy(admin, ADMIN_DELAY, guardian, [o0, o1, o0], 1, CHALLENGE_PERIOD))
        .to.be.revertedWithCustomError(factory, "PayoutDistributorOracleUnchanged")
        .withArgs(o0.address);
      await expect(factory.deploy(admin, ADMIN_DELAY, guardian, [o0, o1], 0, CHALLENGE_PERIOD))
        .to.be.revertedWithCustomError(factory, "PayoutDistributorInvalidThreshold")
        .withArgs(0n, 2n);
      await expect(factory.deploy(admin, ADMIN_DELAY, guardian, [o0, o1], 3, CHALLENGE_PERIOD))
        .to.be.revertedWithCustomError(factory, "PayoutDistributorInvalidThreshold")
        .withArgs(3n, 2n);
      await expect(factory.deploy(admin, ADMIN_DELAY, guardian, [], 1, CHALLENGE_PERIOD))
        .to.be.revertedWithCustomError(factory, "PayoutDistributorInvalidThreshold")
        .withArgs(1n, 0n);
      await expect(factory.deploy(admin, ADMIN_DELAY, guardian, [o0], 1, 0))
        .to.be.revertedWithCustomError(factory, "PayoutDistributorInvalidChallengePeriod")
        .withArgs(0n);
    });
  });

  describe("EIP-712 hashing", function () {
    it("hashes proposals as ethers' TypedDataEncoder does, with a domain bound to chain and contract", async function () {
      const ctx = await funded();
      const { distributor, p1, domain } = ctx;
      expect(await distributor.hashProposal(p1)).to.equal(
        TypedDataEncoder.hashStruct("EpochProposal", PROPOSAL_TYPES, p1),
      );
      expect(await distributor.proposalDigest(p1)).to.equal(TypedDataEncoder.hash(domain, PROPOSAL_TYPES, p1));
      const onChain = await distributor.eip712Domain();
      expect(onChain.name).to.equal(domain.name);
      expect(onChain.version).to.equal(domain.version);
      expect(onChain.chainId).to.equal(domain.chainId);
      expect(onChain.verifyingContract).to.equal(domain.verifyingContract);
    });

    it("hashes an empty token list", async function () {
      const ctx = await funded();
      const empty = { ...ctx.p1, tokens: [], totals: [] };
      expect(await ctx.distributor.hashProposal(empty)).to.equal(
        TypedDataEncoder.hashStruct("EpochProposal", PROPOSAL_TYPES, empty),
      );
    });
  });

  describe("propose", function () {
    it("accepts a 3-of-5 quorum of compact signatures, records the pending proposal and emits it", async function () {
      const ctx = await funded();
      const { distributor, p1, stranger } = ctx;
      const hash = await distributor.hashProposal(p1);
      const signatures = await sign(ctx, p1);
      expect(await distributor.connect(stranger).propose.staticCall(p1, signatures)).to.equal(hash);
      const tx = await distributor.connect(stranger).propose(p1, signatures);
      const deadline = await deadlineOf(tx);
      await expect(tx)
        .to.emit(distributor, "EpochProposed")
        .withArgs(
          1n,
          hash,
          proposalTuple(p1),
          deadline,
          quorum(ctx).map((o) => o.address),
        );
      expect(await distributor.pendingProposal()).to.deep.equal([1n, hash, deadline]);
      // Nothing changes for claims until finalisation.
      expect(await distributor.root()).to.equal(ZERO_HASH);
      expect(await distributor.finalisedEpoch()).to.deep.equal([0n, 0n]);
    });

    it("accepts more signatures than the threshold and lists every signer", async function () {
      const ctx = await funded();
      const tx = await propose(ctx, ctx.p1, ctx.oracles);
      await expect(tx)
        .to.emit(ctx.distributor, "EpochProposed")
        .withArgs(1n, anyValue, anyValue, anyValue, ctx.oracles.map((o) => o.address));
    });

    it("accepts any subset of oracles that reaches the threshold", async function () {
      const ctx = await funded();
      const [, o1, , o3, o4] = ctx.oracles as [
        HardhatEthersSigner,
        HardhatEthersSigner,
        HardhatEthersSigner,
        HardhatEthersSigner,
        HardhatEthersSigner,
      ];
      await expect(propose(ctx, ctx.p1, [o1, o3, o4])).to.emit(ctx.distributor, "EpochProposed");
    });

    it("rejects signatures not ordered ascending by signer", async function () {
      const ctx = await funded();
      const [o0, o1, o2] = ctx.oracles as [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
      await expect(propose(ctx, ctx.p1, [o1, o0, o2]))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidSigner")
        .withArgs(o0.address);
    });

    it("rejects a repeated signer", async function () {
      const ctx = await funded();
      const [o0, o1] = ctx.oracles as [HardhatEthersSigner, HardhatEthersSigner];
      await expect(propose(ctx, ctx.p1, [o0, o0, o1]))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidSigner")
        .withArgs(o0.address);
      // The same signature twice, too.
      const [s0, s1] = (await sign(ctx, ctx.p1, [o0, o1])) as [CompactSignature, CompactSignature];
      await expect(ctx.distributor.propose(ctx.p1, [s0, s1, s1]))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidSigner")
        .withArgs(o1.address);
    });

    it("rejects a signer that is not an oracle", async function () {
      const ctx = await funded();
      const signers = [...ctx.oracles.slice(0, 2), ctx.notOracle].sort((a, b) =>
        BigInt(a.address) < BigInt(b.address) ? -1 : 1,
      );
      await expect(propose(ctx, ctx.p1, signers))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidSigner")
        .withArgs(ctx.notOracle.address);
    });

    it("rejects fewer signatures than the threshold", async function () {
      const ctx = await funded();
      await expect(propose(ctx, ctx.p1, ctx.oracles.slice(0, 2)))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInsufficientSignatures")
        .withArgs(2n, 3n);
      await expect(ctx.distributor.propose(ctx.p1, []))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInsufficientSignatures")
        .withArgs(0n, 3n);
    });

    it("rejects signatures over other data", async function () {
      const ctx = await funded();
      const signedOther = await sign(ctx, { ...ctx.p1, payoutRoot: id("other root") });
      await expect(ctx.distributor.propose(ctx.p1, signedOther))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidSigner")
        .withArgs(anyValue);
    });

    it("rejects signatures made for another chain or another contract", async function () {
      const ctx = await funded();
      const otherChain = await sign(ctx, ctx.p1, quorum(ctx), { ...ctx.domain, chainId: ctx.domain.chainId + 1n });
      await expect(ctx.distributor.propose(ctx.p1, otherChain)).to.be.revertedWithCustomError(
        ctx.distributor,
        "PayoutDistributorInvalidSigner",
      );
      const otherContract = await sign(ctx, ctx.p1, quorum(ctx), {
        ...ctx.domain,
        verifyingContract: await ctx.router.getAddress(),
      });
      await expect(ctx.distributor.propose(ctx.p1, otherContract)).to.be.revertedWithCustomError(
        ctx.distributor,
        "PayoutDistributorInvalidSigner",
      );
    });

    it("rejects an unrecoverable signature as signed by the zero address", async function () {
      const ctx = await funded();
      const signatures = await sign(ctx, ctx.p1);
      const zeroR = signatures.map((s, i) => (i === 1 ? { r: ZERO_HASH, vs: s.vs } : s));
      await expect(ctx.distributor.propose(ctx.p1, zeroR))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidSigner")
        .withArgs(ethers.ZeroAddress);
    });

    it("cannot be fooled by a high-s twin of an oracle's signature: ERC-2098 cannot encode it", async function () {
      const ctx = await funded();
      const signatures = await sign(ctx, ctx.p1);
      // The malleable twin (r, n - s, other parity) has s' >= 2^255 for all but a negligible share of signatures,
      // so OR-ing the parity bit into vs corrupts it: it recovers some other address, never a second vote.
      const first = signatures[0]!;
      const sig = Signature.from({ r: first.r, yParityAndS: first.vs });
      const highS = SECP256K1_N - BigInt(sig.s);
      expect(highS >= 2n ** 255n).to.equal(true);
      const twin = { r: first.r, vs: ethers.toBeHex(((sig.yParity === 0 ? 1n : 0n) << 255n) | highS, 32) };
      const oracles = new Set(ctx.oracles.map((o) => o.address));
      await expect(ctx.distributor.propose(ctx.p1, [twin, ...signatures.slice(1)]))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidSigner")
        .withArgs((signer: string) => !oracles.has(signer));
    });

    it("rejects a proposal while another is pending", async function () {
      const ctx = await funded();
      await propose(ctx, ctx.p1);
      await expect(propose(ctx, { ...ctx.p1, scoresRoot: id("another") }))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorProposalPending")
        .withArgs(1n);
    });

    describe("epoch sequence", function () {
      it("rejects any first epoch but 1", async function () {
        const ctx = await funded();
        for (const epoch of [0n, 2n]) {
          await expect(propose(ctx, { ...ctx.p1, epoch }))
            .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorWrongEpoch")
            .withArgs(epoch, 1n);
        }
      });

      it("rejects a repeated or skipped epoch after the first", async function () {
        const ctx = await epoch1();
        for (const epoch of [1n, 3n]) {
          await expect(propose(ctx, { ...ctx.p2, epoch }))
            .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorWrongEpoch")
            .withArgs(epoch, 2n);
        }
      });

      it("lets the first epoch start at any block, a single block included, but not end before it starts", async function () {
        const ctx = await funded();
        await expect(propose(ctx, { ...ctx.p1, fromBlock: 150n, toBlock: 149n }))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorWrongBlockRange")
          .withArgs(150n, 149n, 150n);
        await expect(propose(ctx, { ...ctx.p1, fromBlock: 0n, toBlock: 0n })).to.emit(
          ctx.distributor,
          "EpochProposed",
        );
      });

      it("makes epoch 2 start right after epoch 1's last block", async function () {
        const ctx = await epoch1();
        expect(await ctx.distributor.finalisedEpoch()).to.deep.equal([1n, 200n]);
        for (const fromBlock of [200n, 202n, 1n]) {
          await expect(propose(ctx, { ...ctx.p2, fromBlock }))
            .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorWrongBlockRange")
            .withArgs(fromBlock, 300n, 201n);
        }
        await expect(propose(ctx, { ...ctx.p2, fromBlock: 201n, toBlock: 200n }))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorWrongBlockRange")
          .withArgs(201n, 200n, 201n);
        await expect(propose(ctx, ctx.p2)).to.emit(ctx.distributor, "EpochProposed");
      });
    });

    describe("tokens and totals", function () {
      it("rejects tokens not strictly ascending: descending, repeated or the zero address", async function () {
        const ctx = await funded();
        const { tokenA, tokenB, distributor } = ctx;
        const bad: [string[], bigint[]][] = [
          [[tokenB, tokenA], [0n, 0n]],
          [[tokenA, tokenA], [0n, 0n]],
          [[ethers.ZeroAddress], [0n]],
        ];
        for (const [tokens, totals] of bad) {
          await expect(propose(ctx, { ...ctx.p1, tokens, totals })).to.be.revertedWithCustomError(
            distributor,
            "PayoutDistributorBadTokenList",
          );
        }
      });

      it("rejects tokens and totals of different lengths", async function () {
        const ctx = await funded();
        await expect(propose(ctx, { ...ctx.p1, totals: [1n] })).to.be.revertedWithCustomError(
          ctx.distributor,
          "PayoutDistributorLengthMismatch",
        );
      });

      it("rejects omitting a token allocated before, as its unclaimed balances would be stranded", async function () {
        const ctx = await epoch1();
        const onlyA = { ...ctx.p2, tokens: [ctx.tokenA], totals: [ctx.p2.totals[0]!] };
        await expect(propose(ctx, onlyA)).to.be.revertedWithCustomError(
          ctx.distributor,
          "PayoutDistributorBadTokenList",
        );
        const onlyB = { ...ctx.p2, tokens: [ctx.tokenB], totals: [ctx.p2.totals[1]!] };
        await expect(propose(ctx, onlyB)).to.be.revertedWithCustomError(
          ctx.distributor,
          "PayoutDistributorBadTokenList",
        );
      });

      it("lets a later epoch omit a token listed before with a zero total, and add a new token", async function () {
        const ctx = await funded();
        const { tokenA, tokenB } = ctx;
        const first = { ...ctx.p1, tokens: [tokenA, tokenB], totals: [1_700n, 0n] };
        await finaliseEpoch(ctx, first);
        expect((await ctx.distributor.tokenTotals(tokenB))[1]).to.equal(0n);
        await finaliseEpoch(ctx, { ...ctx.p2, tokens: [tokenA], totals: [1_700n] });
        await expect(propose(ctx, { ...ctx.p2, epoch: 3n, fromBlock: 301n, toBlock: 400n })).to.emit(
          ctx.distributor,
          "EpochProposed",
        );
      });

      it("rejects a total above the token's funding", async function () {
        const ctx = await funded();
        const { tokenA, tokenB } = ctx;
        await expect(propose(ctx, { ...ctx.p1, totals: [POOL_FUNDING + 1n, 0n] }))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorTotalExceedsFunding")
          .withArgs(tokenA, POOL_FUNDING + 1n, POOL_FUNDING);
        await expect(propose(ctx, { ...ctx.p1, totals: [POOL_FUNDING, POOL_FUNDING + 1n] }))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorTotalExceedsFunding")
          .withArgs(tokenB, POOL_FUNDING + 1n, POOL_FUNDING);
        // Exactly the funding is fine.
        await expect(propose(ctx, { ...ctx.p1, totals: [POOL_FUNDING, POOL_FUNDING] })).to.emit(
          ctx.distributor,
          "EpochProposed",
        );
      });

      it("rejects any total for a token never funded", async function () {
        const ctx = await funded();
        const unfunded = await ethers.deployContract("DemoToken", ["Unfunded", "UNF", 18]);
        const address = await unfunded.getAddress();
        const tokens = [ctx.tokenA, ctx.tokenB, address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
        const totals = tokens.map((t) => (t === address ? 1n : 0n));
        await expect(propose(ctx, { ...ctx.p1, tokens, totals }))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorTotalExceedsFunding")
          .withArgs(address, 1n, 0n);
      });

      it("rejects a total below the previously finalised total", async function () {
        const ctx = await epoch1();
        const { tokenA, tokenB } = ctx;
        await expect(propose(ctx, { ...ctx.p2, totals: [1_699n, 1_000n] }))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorTotalDecreased")
          .withArgs(tokenA, 1_699n, 1_700n);
        await expect(propose(ctx, { ...ctx.p2, totals: [3_300n, 299n] }))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorTotalDecreased")
          .withArgs(tokenB, 299n, 300n);
        // Equal totals are fine: an epoch may allocate nothing new.
        await expect(propose(ctx, { ...ctx.p2, totals: [1_700n, 300n] })).to.emit(ctx.distributor, "EpochProposed");
      });
    });
  });

  describe("veto", function () {
    it("lets the guardian veto within the window; the next proposal takes the next epoch number", async function () {
      const ctx = await funded();
      const { distributor, guardian, p1 } = ctx;
      const hash = await distributor.hashProposal(p1);
      const deadline = await deadlineOf(await propose(ctx, p1));
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(distributor.connect(guardian).veto("totals look wrong"))
        .to.emit(distributor, "EpochVetoed")
        .withArgs(1n, hash, guardian.address, "totals look wrong");
      expect(await distributor.pendingProposal()).to.deep.equal([0n, ZERO_HASH, 0n]);

      await time.increase(CHALLENGE_PERIOD);
      await expect(distributor.finalise(p1))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorNoSuchProposal")
        .withArgs(hash);

      expect(await distributor.nextEpoch()).to.equal(2n);
      const sameNumber = { ...p1, scoresRoot: id("fixed") };
      await expect(propose(ctx, sameNumber))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorWrongEpoch")
        .withArgs(1n, 2n);
      const fixed = { ...sameNumber, epoch: 2n };
      await expect(propose(ctx, fixed))
        .to.emit(distributor, "EpochProposed")
        .withArgs(2n, await distributor.hashProposal(fixed), anyValue, anyValue, anyValue);
      await time.increase(CHALLENGE_PERIOD);
      await distributor.finalise(fixed);
      // Epoch 1 was vetoed, so the first finalised epoch is 2, covering epoch 1's blocks.
      expect(await distributor.finalisedEpoch()).to.deep.equal([2n, p1.toBlock]);
    });

    // The vetoed proposal's signatures are public (in the propose calldata): a replay by anyone must fail.
    it("rejects re-proposing a vetoed proposal with its original signatures", async function () {
      const ctx = await funded();
      const { distributor, guardian, stranger, p1 } = ctx;
      const signatures = await sign(ctx, p1);
      await distributor.connect(stranger).propose(p1, signatures);
      await distributor.connect(guardian).veto("bad root");

      await expect(distributor.connect(stranger).propose(p1, signatures))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorWrongEpoch")
        .withArgs(1n, 2n);
    });

    it("rejects a veto from the challenge deadline on", async function () {
      const ctx = await funded();
      const deadline = await deadlineOf(await propose(ctx, ctx.p1));
      await time.setNextBlockTimestamp(deadline);
      await expect(ctx.distributor.connect(ctx.guardian).veto("too late"))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorChallengeWindowOver")
        .withArgs(deadline);
    });

    it("rejects a veto with nothing pending", async function () {
      const ctx = await funded();
      await expect(ctx.distributor.connect(ctx.guardian).veto("nothing"))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorNoSuchProposal")
        .withArgs(ZERO_HASH);
      const finalised = await epoch1();
      await expect(finalised.distributor.connect(finalised.guardian).veto("already final"))
        .to.be.revertedWithCustomError(finalised.distributor, "PayoutDistributorNoSuchProposal")
        .withArgs(ZERO_HASH);
    });

    it("rejects anyone but the guardian", async function () {
      const ctx = await funded();
      await propose(ctx, ctx.p1);
      for (const signer of [ctx.stranger, ctx.admin]) {
        await expect(ctx.distributor.connect(signer).veto("mine"))
          .to.be.revertedWithCustomError(ctx.distributor, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, await ctx.distributor.GUARDIAN_ROLE());
      }
    });
  });

  describe("finalise", function () {
    it("lets anyone finalise from the deadline on, activating the root and the totals", async function () {
      const ctx = await funded();
      const { distributor, p1, stranger, tokenA, tokenB } = ctx;
      const hash = await distributor.hashProposal(p1);
      const deadline = await deadlineOf(await propose(ctx, p1));
      await time.setNextBlockTimestamp(deadline);
      await expect(distributor.connect(stranger).finalise(p1))
        .to.emit(distributor, "EpochFinalised")
        .withArgs(1n, hash, p1.payoutRoot);
      expect(await distributor.root()).to.equal(p1.payoutRoot);
      expect(await distributor.finalisedRoot()).to.equal(p1.payoutRoot);
      expect(await distributor.finalisedEpoch()).to.deep.equal([1n, 200n]);
      expect(await distributor.pendingProposal()).to.deep.equal([0n, ZERO_HASH, 0n]);
      expect(await distributor.tokenTotals(tokenA)).to.deep.equal([POOL_FUNDING, 1_700n]);
      expect(await distributor.tokenTotals(tokenB)).to.deep.equal([POOL_FUNDING, 300n]);
    });

    it("rejects finalising before the challenge window is over", async function () {
      const ctx = await funded();
      const deadline = await deadlineOf(await propose(ctx, ctx.p1));
      await expect(ctx.distributor.finalise(ctx.p1))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorChallengeWindowOpen")
        .withArgs(deadline);
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(ctx.distributor.finalise(ctx.p1))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorChallengeWindowOpen")
        .withArgs(deadline);
    });

    it("rejects data that differs from the proposal", async function () {
      const ctx = await funded();
      await propose(ctx, ctx.p1);
      await time.increase(CHALLENGE_PERIOD);
      const changes: Partial<Proposal>[] = [
        { payoutRoot: id("swapped") },
        { scoresRoot: id("swapped") },
        { manifestHash: id("swapped") },
        { toBlock: 201n },
        { totals: [1_700n, 301n] },
      ];
      for (const change of changes) {
        const other = { ...ctx.p1, ...change };
        await expect(ctx.distributor.finalise(other))
          .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorNoSuchProposal")
          .withArgs(await ctx.distributor.hashProposal(other));
      }
    });

    it("rejects finalising with nothing pending, before any proposal and after finalisation", async function () {
      const ctx = await funded();
      const hash = await ctx.distributor.hashProposal(ctx.p1);
      await expect(ctx.distributor.finalise(ctx.p1))
        .to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorNoSuchProposal")
        .withArgs(hash);
      const done = await epoch1();
      await expect(done.distributor.finalise(done.p1))
        .to.be.revertedWithCustomError(done.distributor, "PayoutDistributorNoSuchProposal")
        .withArgs(await done.distributor.hashProposal(done.p1));
    });

    it("rejects a zero payout root, which no tree has", async function () {
      const ctx = await epoch1();
      await expect(propose(ctx, { ...ctx.p2, payoutRoot: ZERO_HASH })).to.be.revertedWithCustomError(
        ctx.distributor,
        "PayoutDistributorZeroRoot",
      );
    });

    it("replaces the root with epoch 2's and raises the totals", async function () {
      const ctx = await epoch1();
      await finaliseEpoch(ctx, ctx.p2);
      expect(await ctx.distributor.root()).to.equal(ctx.tree2.root);
      expect(await ctx.distributor.finalisedEpoch()).to.deep.equal([2n, 300n]);
      expect(await ctx.distributor.tokenTotals(ctx.tokenA)).to.deep.equal([POOL_FUNDING, 3_300n]);
      expect(await ctx.distributor.tokenTotals(ctx.tokenB)).to.deep.equal([POOL_FUNDING, 1_000n]);
    });
  });

  describe("claim", function () {
    it("rejects claims before any root is finalised", async function () {
      const ctx = await funded();
      const proof = proofOf(ctx.tree1, ctx.alice.address, ctx.tokenA, 1_000n);
      await expect(
        ctx.distributor.claim(ctx.alice.address, ctx.tokenA, 1_000n, proof),
      ).to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorNoRoot");
      // A pending proposal is not a root either.
      await propose(ctx, ctx.p1);
      await expect(
        ctx.distributor.claim(ctx.alice.address, ctx.tokenA, 1_000n, proof),
      ).to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorNoRoot");
    });

    it("pays a first claim to the account, whoever submits it", async function () {
      const ctx = await epoch1();
      const { distributor, alice, stranger, tokenA, tokens } = ctx;
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      const tx = distributor.connect(stranger).claim(alice.address, tokenA, 1_000n, proof);
      await expect(tx).to.emit(distributor, "Claimed").withArgs(alice.address, tokenA, 1_000n);
      await expect(tx).not.to.emit(distributor, "ClaimedTo");
      await expect(tx).to.changeTokenBalances(ethers, tokens[0], [distributor, alice, stranger], [-1_000n, 1_000n, 0n]);
      expect(await distributor.claimed(alice.address, tokenA)).to.equal(1_000n);
      expect(await distributor.claimed(alice.address, ctx.tokenB)).to.equal(0n);
    });

    it("rejects claiming the same cumulative amount again", async function () {
      const ctx = await epoch1();
      const { distributor, alice, tokenA } = ctx;
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      await distributor.claim(alice.address, tokenA, 1_000n, proof);
      await expect(distributor.claim(alice.address, tokenA, 1_000n, proof))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorNothingToClaim")
        .withArgs(alice.address, tokenA, 1_000n, 1_000n);
    });

    it("rejects another leaf's proof, a wrong amount, a wrong token and an empty proof", async function () {
      const ctx = await epoch1();
      const { distributor, alice, bob, tokenA, tokenB } = ctx;
      const bobProof = proofOf(ctx.tree1, bob.address, tokenA, 500n);
      const aliceProof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      await expect(distributor.claim(alice.address, tokenA, 1_000n, bobProof))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(alice.address, tokenA, 1_000n);
      await expect(distributor.claim(alice.address, tokenA, 1_001n, aliceProof))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(alice.address, tokenA, 1_001n);
      await expect(distributor.claim(alice.address, tokenB, 1_000n, aliceProof))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(alice.address, tokenB, 1_000n);
      await expect(distributor.claim(bob.address, tokenA, 1_000n, aliceProof))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(bob.address, tokenA, 1_000n);
      await expect(distributor.claim(alice.address, tokenA, 1_000n, []))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(alice.address, tokenA, 1_000n);
    });

    it("rejects an inner node passed off as a leaf (no 64-byte leaf)", async function () {
      const ctx = await epoch1();
      // The two-level tree of 4 leaves: the root's children are inner nodes. Claiming with a child's hash as the
      // "amount" cannot work: leaves are double-hashed, so no ABI-encoded leaf equals an inner node.
      const proof = proofOf(ctx.tree1, ctx.alice.address, ctx.tokenA, 1_000n);
      await expect(
        ctx.distributor.claim(ctx.alice.address, ctx.tokenA, BigInt(proof[0]!), proof.slice(1)),
      ).to.be.revertedWithCustomError(ctx.distributor, "PayoutDistributorInvalidProof");
    });

    it("rejects addresses with dirty upper bits before hashing them into a leaf", async function () {
      const ctx = await epoch1();
      const { distributor, alice, tokenA, tokenB, stranger } = ctx;
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      const to = await distributor.getAddress();
      // claim(account, ...): the account is the first word after the selector; dirty its top byte.
      const data = distributor.interface.encodeFunctionData("claim", [alice.address, tokenA, 1_000n, proof]);
      const dirty = `${data.slice(0, 10)}ff${data.slice(12)}`;
      // The ABI decoder rejects it (a revert without data), before any custom error such as InvalidProof.
      await expect(stranger.sendTransaction({ to, data: dirty })).to.be.revertedWithoutReason(ethers);
      // claimBatch(account, tokens[], ...): dirty the first element of the tokens array.
      const batch = distributor.interface.encodeFunctionData("claimBatch", [
        alice.address,
        [tokenA, tokenB],
        [1_000n, 300n],
        [proof, proofOf(ctx.tree1, alice.address, tokenB, 300n)],
      ]);
      const words = batch.slice(10).match(/.{64}/g)!;
      const tokensOffset = Number(BigInt(`0x${words[1]!}`)) / 32; // head word 1 points at tokens[]
      const first = tokensOffset + 1; // after the length word
      words[first] = `ff${words[first]!.slice(2)}`;
      await expect(
        stranger.sendTransaction({ to, data: `${batch.slice(0, 10)}${words.join("")}` }),
      ).to.be.revertedWithoutReason(ethers);
      // The clean calldata is accepted.
      await expect(stranger.sendTransaction({ to, data })).to.emit(distributor, "Claimed");
    });

    it("pays only the top-up after epoch 2 and rejects epoch 1's leaf under the new root", async function () {
      const ctx = await epoch1();
      const { distributor, alice, bob, carol, tokenA, tokens } = ctx;
      await distributor.claim(alice.address, tokenA, 1_000n, proofOf(ctx.tree1, alice.address, tokenA, 1_000n));
      await finaliseEpoch(ctx, ctx.p2);

      await expect(distributor.claim(alice.address, tokenA, 1_000n, proofOf(ctx.tree1, alice.address, tokenA, 1_000n)))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(alice.address, tokenA, 1_000n);

      const tx = distributor.claim(alice.address, tokenA, 2_500n, proofOf(ctx.tree2, alice.address, tokenA, 2_500n));
      await expect(tx).to.emit(distributor, "Claimed").withArgs(alice.address, tokenA, 1_500n);
      await expect(tx).to.changeTokenBalances(ethers, tokens[0], [alice], [1_500n]);
      expect(await distributor.claimed(alice.address, tokenA)).to.equal(2_500n);

      // Leaves unchanged since epoch 1 and never claimed are paid in full; new accounts too.
      await expect(distributor.claim(bob.address, tokenA, 500n, proofOf(ctx.tree2, bob.address, tokenA, 500n)))
        .to.emit(distributor, "Claimed").withArgs(bob.address, tokenA, 500n);
      await expect(distributor.claim(carol.address, tokenA, 100n, proofOf(ctx.tree2, carol.address, tokenA, 100n)))
        .to.emit(distributor, "Claimed").withArgs(carol.address, tokenA, 100n);
    });

    it("pays a contract account (ERC-1271 wallet) its leaf", async function () {
      const ctx = await epoch1();
      const proof = proofOf(ctx.tree1, ctx.walletAddress, ctx.tokenA, 200n);
      await expect(ctx.distributor.claim(ctx.walletAddress, ctx.tokenA, 200n, proof)).to.changeTokenBalances(
        ethers,
        ctx.tokens[0],
        [ctx.wallet],
        [200n],
      );
    });

    it("never pays more than allocated, nor allocates more than funded, after every leaf is claimed", async function () {
      const ctx = await epoch1();
      const { distributor, tokens } = ctx;
      for (const [account, token, amount] of ctx.leaves1) {
        await distributor.claim(account, token, amount, proofOf(ctx.tree1, account, token, amount));
      }
      await finaliseEpoch(ctx, ctx.p2);
      for (const [account, token, amount] of ctx.leaves2) {
        const claimed = await distributor.claimed(account, token);
        if (amount > claimed) await distributor.claim(account, token, amount, proofOf(ctx.tree2, account, token, amount));
      }
      for (const [i, token] of tokens.entries()) {
        const [fundedTotal, allocated] = await distributor.tokenTotals(token);
        const claimedSum = (
          await Promise.all(
            ctx.leaves2.filter(([, t]) => t === ctx.p2.tokens[i]).map(([a, t]) => distributor.claimed(a, t)),
          )
        ).reduce((s, v) => s + v, 0n);
        expect(claimedSum).to.equal(allocated);
        expect(allocated <= fundedTotal).to.equal(true);
        expect(await token.balanceOf(distributor)).to.equal(fundedTotal - claimedSum);
      }
    });
  });

  describe("claimBatch", function () {
    it("claims two tokens of one account in one transaction", async function () {
      const ctx = await epoch1();
      const { distributor, alice, tokenA, tokenB, tokens, stranger } = ctx;
      const tx = distributor
        .connect(stranger)
        .claimBatch(
          alice.address,
          [tokenA, tokenB],
          [1_000n, 300n],
          [proofOf(ctx.tree1, alice.address, tokenA, 1_000n), proofOf(ctx.tree1, alice.address, tokenB, 300n)],
        );
      await expect(tx).to.emit(distributor, "Claimed").withArgs(alice.address, tokenA, 1_000n);
      await expect(tx).to.emit(distributor, "Claimed").withArgs(alice.address, tokenB, 300n);
      await expect(tx).to.changeTokenBalances(ethers, tokens[0], [alice], [1_000n]);
      await expect(tx).to.changeTokenBalances(ethers, tokens[1], [alice], [300n]);
    });

    it("rejects arrays of different lengths", async function () {
      const ctx = await epoch1();
      const { distributor, alice, tokenA, tokenB } = ctx;
      const proofA = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      await expect(
        distributor.claimBatch(alice.address, [tokenA, tokenB], [1_000n], [proofA, proofA]),
      ).to.be.revertedWithCustomError(distributor, "PayoutDistributorLengthMismatch");
      await expect(
        distributor.claimBatch(alice.address, [tokenA, tokenB], [1_000n, 300n], [proofA]),
      ).to.be.revertedWithCustomError(distributor, "PayoutDistributorLengthMismatch");
    });

    it("reverts entirely when one claim fails", async function () {
      const ctx = await epoch1();
      const { distributor, alice, tokenA, tokenB } = ctx;
      const proofA = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      const proofB = proofOf(ctx.tree1, alice.address, tokenB, 300n);
      await distributor.claim(alice.address, tokenB, 300n, proofB);
      await expect(distributor.claimBatch(alice.address, [tokenA, tokenB], [1_000n, 300n], [proofA, proofB]))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorNothingToClaim")
        .withArgs(alice.address, tokenB, 300n, 300n);
      expect(await distributor.claimed(alice.address, tokenA)).to.equal(0n);
    });

    it("does nothing for an empty batch", async function () {
      const ctx = await epoch1();
      await expect(ctx.distributor.claimBatch(ctx.alice.address, [], [], [])).not.to.emit(ctx.distributor, "Claimed");
    });
  });

  describe("claimWithSig", function () {
    it("pays the recipient the account signed for, submitted by a relayer, and uses the nonce", async function () {
      const ctx = await epoch1();
      const { distributor, alice, carol, stranger, tokenA, tokens } = ctx;
      const deadline = await inOneHour();
      const claim = {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      };
      const signature = await signClaim(ctx, alice, claim);
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      const tx = distributor
        .connect(stranger)
        .claimWithSig(alice.address, tokenA, 1_000n, proof, carol.address, deadline, signature);
      await expect(tx).to.emit(distributor, "ClaimedTo").withArgs(alice.address, tokenA, carol.address, 1_000n);
      await expect(tx).to.changeTokenBalances(ethers, tokens[0], [alice, carol, stranger], [0n, 1_000n, 0n]);
      expect(await distributor.nonces(alice.address)).to.equal(1n);
      expect(await distributor.claimed(alice.address, tokenA)).to.equal(1_000n);
    });

    it("emits ClaimedTo even when the account signs for itself as recipient", async function () {
      const ctx = await epoch1();
      const { distributor, alice, stranger, tokenA, tokens } = ctx;
      const deadline = await inOneHour();
      const signature = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: alice.address,
        nonce: 0n,
        deadline,
      });
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      const tx = distributor
        .connect(stranger)
        .claimWithSig(alice.address, tokenA, 1_000n, proof, alice.address, deadline, signature);
      await expect(tx).to.emit(distributor, "ClaimedTo").withArgs(alice.address, tokenA, alice.address, 1_000n);
      await expect(tx).not.to.emit(distributor, "Claimed");
      await expect(tx).to.changeTokenBalances(ethers, tokens[0], [alice], [1_000n]);
    });

    it("returns the amount paid", async function () {
      const ctx = await epoch1();
      const { distributor, alice, carol, tokenA } = ctx;
      const deadline = await inOneHour();
      const signature = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      });
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      expect(
        await distributor.claimWithSig.staticCall(alice.address, tokenA, 1_000n, proof, carol.address, deadline, signature),
      ).to.equal(1_000n);
    });

    it("rejects a replayed signature, even once there is a top-up to claim", async function () {
      const ctx = await epoch1();
      const { distributor, alice, carol, tokenA } = ctx;
      const deadline = await inOneHour();
      const signature = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      });
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      await distributor.claimWithSig(alice.address, tokenA, 1_000n, proof, carol.address, deadline, signature);
      await expect(distributor.claimWithSig(alice.address, tokenA, 1_000n, proof, carol.address, deadline, signature))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidClaimSignature")
        .withArgs(alice.address);
    });

    it("accepts a signature at its deadline and rejects it after", async function () {
      const ctx = await epoch1();
      const { distributor, alice, carol, tokenA, tokenB } = ctx;
      const deadline = await inOneHour();
      const sigA = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      });
      const sigB = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenB,
        cumulativeAmount: 300n,
        recipient: carol.address,
        nonce: 1n,
        deadline,
      });
      await time.setNextBlockTimestamp(deadline);
      await expect(
        distributor.claimWithSig(
          alice.address,
          tokenA,
          1_000n,
          proofOf(ctx.tree1, alice.address, tokenA, 1_000n),
          carol.address,
          deadline,
          sigA,
        ),
      ).to.emit(distributor, "ClaimedTo");
      await expect(
        distributor.claimWithSig(
          alice.address,
          tokenB,
          300n,
          proofOf(ctx.tree1, alice.address, tokenB, 300n),
          carol.address,
          deadline,
          sigB,
        ),
      )
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorExpiredSignature")
        .withArgs(deadline);
    });

    it("rejects the zero recipient", async function () {
      const ctx = await epoch1();
      const { distributor, alice, tokenA } = ctx;
      const deadline = await inOneHour();
      const signature = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: ethers.ZeroAddress,
        nonce: 0n,
        deadline,
      });
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      await expect(
        distributor.claimWithSig(alice.address, tokenA, 1_000n, proof, ethers.ZeroAddress, deadline, signature),
      ).to.be.revertedWithCustomError(distributor, "PayoutDistributorZeroAddress");
    });

    it("rejects a signature not made by the account, or for another recipient", async function () {
      const ctx = await epoch1();
      const { distributor, alice, bob, carol, stranger, tokenA } = ctx;
      const deadline = await inOneHour();
      const claim = {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: stranger.address,
        nonce: 0n,
        deadline,
      };
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      const byBob = await signClaim(ctx, bob, claim);
      await expect(distributor.claimWithSig(alice.address, tokenA, 1_000n, proof, stranger.address, deadline, byBob))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidClaimSignature")
        .withArgs(alice.address);
      const forCarol = await signClaim(ctx, alice, { ...claim, recipient: carol.address });
      await expect(
        distributor.claimWithSig(alice.address, tokenA, 1_000n, proof, stranger.address, deadline, forCarol),
      )
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidClaimSignature")
        .withArgs(alice.address);
    });

    it("accepts an ERC-1271 smart-wallet account's signature", async function () {
      const ctx = await epoch1();
      const { distributor, bob, carol, stranger, tokenA, walletAddress, tokens } = ctx;
      const deadline = await inOneHour();
      const claim = {
        account: walletAddress,
        token: tokenA,
        cumulativeAmount: 200n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      };
      const proof = proofOf(ctx.tree1, walletAddress, tokenA, 200n);
      const forged = await signClaim(ctx, stranger, claim);
      await expect(distributor.claimWithSig(walletAddress, tokenA, 200n, proof, carol.address, deadline, forged))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidClaimSignature")
        .withArgs(walletAddress);
      const byOwner = await signClaim(ctx, bob, claim);
      const tx = distributor.claimWithSig(walletAddress, tokenA, 200n, proof, carol.address, deadline, byOwner);
      await expect(tx).to.emit(distributor, "ClaimedTo").withArgs(walletAddress, tokenA, carol.address, 200n);
      await expect(tx).to.changeTokenBalances(ethers, tokens[0], [carol, ctx.wallet], [200n, 0n]);
    });

    it("can be pre-empted by a plain claim, which pays the account; the signature's nonce stays unused", async function () {
      const ctx = await epoch1();
      const { distributor, alice, carol, stranger, tokenA, tokens } = ctx;
      const deadline = await inOneHour();
      const signature = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      });
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      // Anyone may claim for an account (to the account): seen in the mempool, the signed claim can be pre-empted.
      await expect(distributor.connect(stranger).claim(alice.address, tokenA, 1_000n, proof)).to.changeTokenBalances(
        ethers,
        tokens[0],
        [alice, carol],
        [1_000n, 0n],
      );
      await expect(distributor.claimWithSig(alice.address, tokenA, 1_000n, proof, carol.address, deadline, signature))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorNothingToClaim")
        .withArgs(alice.address, tokenA, 1_000n, 1_000n);
      expect(await distributor.nonces(alice.address)).to.equal(0n);
    });

    it("rejects a valid signature with a proof that does not match, and keeps the nonce", async function () {
      const ctx = await epoch1();
      const { distributor, alice, carol, tokenA } = ctx;
      const deadline = await inOneHour();
      const signature = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      });
      const wrong = proofOf(ctx.tree1, ctx.bob.address, tokenA, 500n);
      await expect(distributor.claimWithSig(alice.address, tokenA, 1_000n, wrong, carol.address, deadline, signature))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(alice.address, tokenA, 1_000n);
      expect(await distributor.nonces(alice.address)).to.equal(0n);
    });
  });

  describe("pause", function () {
    it("lets the guardian pause claims; the finalised root is kept", async function () {
      const ctx = await epoch1();
      const { distributor, guardian, alice, carol, tokenA, tokenB } = ctx;
      await expect(distributor.connect(guardian).pause()).to.emit(distributor, "PausedSet").withArgs(true);
      expect(await distributor.paused()).to.equal(true);
      expect(await distributor.root()).to.equal(ZERO_HASH);
      expect(await distributor.finalisedRoot()).to.equal(ctx.tree1.root);

      const proofA = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      await expect(distributor.claim(alice.address, tokenA, 1_000n, proofA)).to.be.revertedWithCustomError(
        distributor,
        "PayoutDistributorPaused",
      );
      await expect(
        distributor.claimBatch(
          alice.address,
          [tokenA, tokenB],
          [1_000n, 300n],
          [proofA, proofOf(ctx.tree1, alice.address, tokenB, 300n)],
        ),
      ).to.be.revertedWithCustomError(distributor, "PayoutDistributorPaused");
      const deadline = await inOneHour();
      const signature = await signClaim(ctx, alice, {
        account: alice.address,
        token: tokenA,
        cumulativeAmount: 1_000n,
        recipient: carol.address,
        nonce: 0n,
        deadline,
      });
      await expect(
        distributor.claimWithSig(alice.address, tokenA, 1_000n, proofA, carol.address, deadline, signature),
      ).to.be.revertedWithCustomError(distributor, "PayoutDistributorPaused");
    });

    it("finalises during a pause without resuming claims; unpausing restores the latest root", async function () {
      const ctx = await epoch1();
      const { distributor, guardian, admin, alice, tokenA } = ctx;
      await distributor.connect(guardian).pause();
      await finaliseEpoch(ctx, ctx.p2);
      expect(await distributor.root()).to.equal(ZERO_HASH);
      expect(await distributor.finalisedRoot()).to.equal(ctx.tree2.root);
      expect(await distributor.finalisedEpoch()).to.deep.equal([2n, 300n]);
      await expect(
        distributor.claim(alice.address, tokenA, 2_500n, proofOf(ctx.tree2, alice.address, tokenA, 2_500n)),
      ).to.be.revertedWithCustomError(distributor, "PayoutDistributorPaused");

      await expect(distributor.connect(admin).unpause()).to.emit(distributor, "PausedSet").withArgs(false);
      expect(await distributor.paused()).to.equal(false);
      expect(await distributor.root()).to.equal(ctx.tree2.root);
      await expect(
        distributor.claim(alice.address, tokenA, 2_500n, proofOf(ctx.tree2, alice.address, tokenA, 2_500n)),
      )
        .to.emit(distributor, "Claimed").withArgs(alice.address, tokenA, 2_500n);
      await expect(distributor.claim(alice.address, tokenA, 1_000n, proofOf(ctx.tree1, alice.address, tokenA, 1_000n)))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(alice.address, tokenA, 1_000n);
    });

    it("keeps proposals and vetoes working during a pause", async function () {
      const ctx = await epoch1();
      await ctx.distributor.connect(ctx.guardian).pause();
      await propose(ctx, ctx.p2);
      await expect(ctx.distributor.connect(ctx.guardian).veto("while paused")).to.emit(ctx.distributor, "EpochVetoed");
    });

    it("pauses before any root: claims report the pause, and after unpausing there is still no root", async function () {
      const ctx = await funded();
      const { distributor, guardian, admin, alice, tokenA } = ctx;
      await distributor.connect(guardian).pause();
      const proof = proofOf(ctx.tree1, alice.address, tokenA, 1_000n);
      await expect(distributor.claim(alice.address, tokenA, 1_000n, proof)).to.be.revertedWithCustomError(
        distributor,
        "PayoutDistributorPaused",
      );
      await distributor.connect(admin).unpause();
      await expect(distributor.claim(alice.address, tokenA, 1_000n, proof)).to.be.revertedWithCustomError(
        distributor,
        "PayoutDistributorNoRoot",
      );
    });

    it("rejects pausing twice and unpausing when not paused", async function () {
      const ctx = await epoch1();
      const { distributor, guardian, admin } = ctx;
      await expect(distributor.connect(admin).unpause())
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorPausedUnchanged")
        .withArgs(false);
      await distributor.connect(guardian).pause();
      await expect(distributor.connect(guardian).pause())
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorPausedUnchanged")
        .withArgs(true);
    });

    it("lets only the guardian pause and only the admin unpause", async function () {
      const ctx = await epoch1();
      const { distributor, guardian, stranger, admin } = ctx;
      const guardianRole = await distributor.GUARDIAN_ROLE();
      for (const signer of [stranger, admin]) {
        await expect(distributor.connect(signer).pause())
          .to.be.revertedWithCustomError(distributor, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, guardianRole);
      }
      await distributor.connect(guardian).pause();
      for (const signer of [stranger, guardian]) {
        await expect(distributor.connect(signer).unpause())
          .to.be.revertedWithCustomError(distributor, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, DEFAULT_ADMIN_ROLE);
      }
    });
  });

  describe("fund", function () {
    it("accepts funding only from FUNDER_ROLE", async function () {
      const ctx = await funded();
      const { distributor, stranger, tokenA } = ctx;
      await expect(distributor.connect(stranger).fund(tokenA, 1n))
        .to.be.revertedWithCustomError(distributor, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await distributor.FUNDER_ROLE());
    });

    it("records funding per token and emits the running total", async function () {
      const ctx = await funded();
      const { distributor, admin, carol, tokenA } = ctx;
      await distributor.connect(admin).grantRole(await distributor.FUNDER_ROLE(), carol.address);
      await expect(distributor.connect(carol).fund(tokenA, 51_000n))
        .to.emit(distributor, "Funded")
        .withArgs(tokenA, carol.address, 51_000n, POOL_FUNDING + 51_000n);
      expect((await distributor.tokenTotals(tokenA))[0]).to.equal(100_000n);
    });

    it("rejects funding that overflows 128 bits", async function () {
      const ctx = await funded();
      const { distributor, admin, carol } = ctx;
      await distributor.connect(admin).grantRole(await distributor.FUNDER_ROLE(), carol.address);
      const token = await (await ethers.deployContract("DemoToken", ["Big", "BIG", 18])).getAddress();
      await expect(distributor.connect(carol).fund(token, MAX_UINT128 + 1n))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorAmountTooLarge")
        .withArgs(MAX_UINT128 + 1n);
      await expect(distributor.connect(carol).fund(token, MAX_UINT128))
        .to.emit(distributor, "Funded")
        .withArgs(token, carol.address, MAX_UINT128, MAX_UINT128);
      await expect(distributor.connect(carol).fund(token, 1n))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorAmountTooLarge")
        .withArgs(MAX_UINT128 + 1n);
    });
  });

  describe("oracle set", function () {
    it("adds an oracle whose signatures then count", async function () {
      const ctx = await funded();
      const { distributor, admin, notOracle } = ctx;
      await expect(distributor.connect(admin).setOracle(notOracle.address, true))
        .to.emit(distributor, "OracleSet")
        .withArgs(notOracle.address, true);
      expect(await distributor.isOracle(notOracle.address)).to.equal(true);
      expect((await distributor.oracleConfig())[0]).to.equal(6n);
      const signers = [...ctx.oracles.slice(0, 2), notOracle].sort((a, b) =>
        BigInt(a.address) < BigInt(b.address) ? -1 : 1,
      );
      await expect(propose(ctx, ctx.p1, signers)).to.emit(distributor, "EpochProposed");
    });

    it("removes an oracle whose signatures then no longer count", async function () {
      const ctx = await funded();
      const { distributor, admin } = ctx;
      const removed = ctx.oracles[0]!;
      await expect(distributor.connect(admin).setOracle(removed.address, false))
        .to.emit(distributor, "OracleSet")
        .withArgs(removed.address, false);
      expect(await distributor.isOracle(removed.address)).to.equal(false);
      expect((await distributor.oracleConfig())[0]).to.equal(4n);
      await expect(propose(ctx, ctx.p1, quorum(ctx)))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidSigner")
        .withArgs(removed.address);
    });

    it("rejects the zero address and a change to the current state", async function () {
      const ctx = await funded();
      const { distributor, admin, oracles, notOracle } = ctx;
      await expect(distributor.connect(admin).setOracle(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(
        distributor,
        "PayoutDistributorZeroAddress",
      );
      await expect(distributor.connect(admin).setOracle(oracles[0]!.address, true))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorOracleUnchanged")
        .withArgs(oracles[0]!.address);
      await expect(distributor.connect(admin).setOracle(notOracle.address, false))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorOracleUnchanged")
        .withArgs(notOracle.address);
    });

    it("rejects removing an oracle when fewer would remain than the threshold", async function () {
      const ctx = await funded();
      const { distributor, admin, oracles } = ctx;
      await distributor.connect(admin).setThreshold(5);
      await expect(distributor.connect(admin).setOracle(oracles[2]!.address, false))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidThreshold")
        .withArgs(5n, 4n);
    });

    it("rejects anyone but the admin", async function () {
      const ctx = await funded();
      await expect(ctx.distributor.connect(ctx.guardian).setOracle(ctx.notOracle.address, true))
        .to.be.revertedWithCustomError(ctx.distributor, "AccessControlUnauthorizedAccount")
        .withArgs(ctx.guardian.address, DEFAULT_ADMIN_ROLE);
    });
  });

  describe("setThreshold", function () {
    it("sets the threshold between 1 and the oracle count, and proposals need that many", async function () {
      const ctx = await funded();
      const { distributor, admin } = ctx;
      await expect(distributor.connect(admin).setThreshold(5)).to.emit(distributor, "ThresholdSet").withArgs(5n);
      expect((await distributor.oracleConfig())[1]).to.equal(5n);
      await expect(propose(ctx, ctx.p1))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInsufficientSignatures")
        .withArgs(3n, 5n);
      await expect(distributor.connect(admin).setThreshold(1)).to.emit(distributor, "ThresholdSet").withArgs(1n);
      await expect(propose(ctx, ctx.p1, [ctx.oracles[4]!])).to.emit(distributor, "EpochProposed");
    });

    it("rejects zero and more than the oracle count", async function () {
      const ctx = await funded();
      const { distributor, admin } = ctx;
      await expect(distributor.connect(admin).setThreshold(0))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidThreshold")
        .withArgs(0n, 5n);
      await expect(distributor.connect(admin).setThreshold(6))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidThreshold")
        .withArgs(6n, 5n);
    });

    it("rejects anyone but the admin", async function () {
      const ctx = await funded();
      await expect(ctx.distributor.connect(ctx.stranger).setThreshold(2))
        .to.be.revertedWithCustomError(ctx.distributor, "AccessControlUnauthorizedAccount")
        .withArgs(ctx.stranger.address, DEFAULT_ADMIN_ROLE);
    });
  });

  describe("setChallengePeriod", function () {
    it("sets the period within [10 minutes, 30 days] and the next proposal waits that long", async function () {
      const ctx = await funded();
      const { distributor, admin } = ctx;
      const max = 30n * 24n * 3600n;
      await expect(distributor.connect(admin).setChallengePeriod(max))
        .to.emit(distributor, "ChallengePeriodSet")
        .withArgs(max);
      await expect(distributor.connect(admin).setChallengePeriod(600))
        .to.emit(distributor, "ChallengePeriodSet")
        .withArgs(600n);
      expect((await distributor.oracleConfig())[2]).to.equal(600n);
      const tx = await propose(ctx, ctx.p1);
      const receipt = await tx.wait();
      const block = await ethers.provider.getBlock(receipt!.blockNumber);
      expect((await distributor.pendingProposal())[2]).to.equal(BigInt(block!.timestamp) + 600n);
    });

    it("rejects a period outside its bounds", async function () {
      const ctx = await funded();
      const { distributor, admin } = ctx;
      for (const period of [599n, 30n * 24n * 3600n + 1n]) {
        await expect(distributor.connect(admin).setChallengePeriod(period))
          .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidChallengePeriod")
          .withArgs(period);
      }
    });

    it("rejects anyone but the admin", async function () {
      const ctx = await funded();
      await expect(ctx.distributor.connect(ctx.stranger).setChallengePeriod(600))
        .to.be.revertedWithCustomError(ctx.distributor, "AccessControlUnauthorizedAccount")
        .withArgs(ctx.stranger.address, DEFAULT_ADMIN_ROLE);
    });
  });

  describe("roles", function () {
    it("lets only the admin grant FUNDER_ROLE and GUARDIAN_ROLE", async function () {
      const ctx = await funded();
      const { distributor, guardian, stranger } = ctx;
      for (const role of [await distributor.FUNDER_ROLE(), await distributor.GUARDIAN_ROLE()]) {
        await expect(distributor.connect(guardian).grantRole(role, stranger.address))
          .to.be.revertedWithCustomError(distributor, "AccessControlUnauthorizedAccount")
          .withArgs(guardian.address, DEFAULT_ADMIN_ROLE);
      }
    });
  });

  shouldBehaveLikeDefaultAdminRules(connection, async () => {
    const { distributor, admin, newAdmin, stranger } = await funded();
    return {
      contract: distributor,
      admin,
      newAdmin,
      stranger,
      adminAction: (signer) => distributor.connect(signer).setChallengePeriod(7_200),
    };
  });

  describe("a 100,000-leaf tree built with @openzeppelin/merkle-tree", function () {
    const ACCOUNTS = 50_000;
    let ctx: Context;
    let tree: StandardMerkleTree<Leaf>;
    let leaves: Leaf[];

    before(async function () {
      this.timeout(600_000);
      ctx = await funded();
      const [tokenA, tokenB] = [ctx.tokenA, ctx.tokenB];
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
      const { distributor, router, payer, tokens, tokenA, tokenB } = ctx;
      const totals = totalsOf(leaves, [tokenA, tokenB]);
      // Fund the pool beyond the totals through the router: pool = 49% of each payment.
      for (const [i, token] of tokens.entries()) {
        const payment = (totals[i]! * 100n) / 49n + 100n;
        await token.mint(payer.address, payment);
        await token.connect(payer).approve(router, payment);
        await router.connect(payer).pay(1n, token, payment);
      }
      const proposal = makeProposal(1n, 1n, 1_000n, tree, [tokenA, tokenB], totals);
      await finaliseEpoch(ctx, proposal);
      expect(await distributor.root()).to.equal(tree.root);

      const samples = [0, 1, 77_777, leaves.length - 2, leaves.length - 1, Math.floor(leaves.length / 2)];
      for (const index of samples) {
        const [account, token, amount] = leaves[index]!;
        const proof = tree.getProof(index);
        expect(proof.length).to.be.within(16, 17);
        const tx = distributor.claim(account, token, amount, proof);
        await expect(tx).to.emit(distributor, "Claimed").withArgs(account, token, amount);
        expect(await tokens[token === tokenA ? 0 : 1].balanceOf(account)).to.equal(amount);
      }
      // A sampled leaf with a neighbour's amount does not verify.
      const [account, token, amount] = leaves[12_345]!;
      await expect(distributor.claim(account, token, amount + 1n, tree.getProof(12_345)))
        .to.be.revertedWithCustomError(distributor, "PayoutDistributorInvalidProof")
        .withArgs(account, token, amount + 1n);
    });
  });
});
