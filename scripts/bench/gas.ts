/**
 * Gas of the protocol's hot operations on Hardhat's EVM (solc 0.8.29, 200 optimizer runs, Cancun: the anchors'
 * settings), beside the anchors the contracts issue names. A benchmark, not a test: it prints, never asserts.
 *
 *   npm run bench:gas            # a table
 *   npm run bench:gas -- --json  # one JSON object: gas per operation
 */

import {
  ATTEST_CONTRIBUTIONS_TYPES,
  DISTRIBUTOR_DOMAIN,
  EPOCH_PROPOSAL_TYPES,
  type EpochProposal,
  LEDGER_DOMAIN,
  METERING_DOMAIN,
  PERMIT_TYPES,
  RECORD_LEAF_ENCODING,
  VOUCHER_TYPES,
} from "@coherence/protocol";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Contract, ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

const LEAVES = 100_000;
const json = process.argv.includes("--json");
const log = (message: string) => {
  if (!json) console.error(message);
};

const { ethers } = await network.create();
const signers = await ethers.getSigners();
const [admin, guardian, o1, o2, o3, o4, o5, attester, treasury, reserve, payer, runner] = signers;
const oracles = [o1!, o2!, o3!, o4!, o5!];

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return Number(receipt.gasUsed);
}

const call = (contract: Contract, name: string, ...args: unknown[]) =>
  contract.getFunction(name)(...args) as Promise<ContractTransactionResponse>;

log("Deploying…");
const registry = (await ethers.deployContract("AssetRegistry", [admin, 0, []])) as unknown as Contract;
const ledger = (await ethers.deployContract("ContributionLedger", [
  registry,
  admin,
  0,
  [await attester!.getAddress()],
])) as unknown as Contract;
const token = (await ethers.deployContract("DemoToken", ["Demo USD", "dUSD", 6])) as unknown as Contract;
const distributor = (await ethers.deployContract("PayoutDistributor", [
  admin,
  0,
  [guardian],
  await Promise.all(oracles.map((o) => o.getAddress())),
  3,
  3600,
  [token],
])) as unknown as Contract;
const router = (await ethers.deployContract("RevenueRouter", [
  registry,
  distributor,
  admin,
  0,
  treasury,
  reserve,
  200,
  5000,
])) as unknown as Contract;

const results: Record<string, number> = {};

// Register: a root asset, then one with two parents.
results.registerAsset = await gasOf(call(registry, "register", ethers.id("asset-0"), "ipfs://asset-0", 0, [], []));
results.registerAssetWithTwoParents = await gasOf(
  call(registry, "register", ethers.id("asset-1"), "ipfs://asset-1", 0, [1], [2000]).then(() =>
    call(registry, "register", ethers.id("asset-2"), "ipfs://asset-2", 0, [1, 2], [1500, 1000]),
  ),
);
for (let i = 3; i <= 101; i++) await (await call(registry, "register", ethers.id(`asset-${i}`), "", 0, [], [])).wait();

// Attest: one, then a batch of 100 on distinct assets.
const contribution = (assetId: number, n: number) => ({
  contributor: ethers.getAddress(ethers.dataSlice(ethers.id(`contributor-${n}`), 12)),
  assetId,
  laborMicroUsd: 120_000_000n,
  toolsMicroUsd: 5_000_000n,
  computeMicroUsd: 1_500_000n,
  evidenceHash: ethers.id(`commit-${n}`),
  evidenceUri: `git+https://example.org/repo.git#${n}`,
});
const ledgerAsAttester = ledger.connect(attester!) as Contract;
results.attestOne = await gasOf(call(ledgerAsAttester, "attest", contribution(1, 0)));
const batch = Array.from({ length: 100 }, (_, i) => contribution(i + 2, i + 1));
results.attestBatch100PerItem = Math.round((await gasOf(call(ledgerAsAttester, "attestBatch", batch))) / 100);
// The same batch with the forge intake's evidence: a merged range, `<clone url>#<base>..<merge>`, 119 bytes against
// the 35 above, so the two rows show what the evidence's length costs and that nothing else differs. (Its cost
// report is bound in the evidence hash, published as a binding, not spelled in the URI.)
const intakeEvidence = (n: number): string => {
  const hash = (label: string): string => ethers.id(`${label}-${n}`).slice(2, 42);
  return `https://github.com/octo-org/lib.git#${hash("base")}..${hash("merge")}`;
};
const intakeBatch = Array.from({ length: 100 }, (_, i) => ({
  ...contribution(i + 2, i + 1001),
  evidenceUri: intakeEvidence(i),
}));
results.attestBatch100PerItemIntakeEvidence = Math.round(
  (await gasOf(call(ledgerAsAttester, "attestBatch", intakeBatch))) / 100,
);
results.intakeEvidenceBytes = intakeEvidence(0).length;
// As the intake's relayer sends them: one repository's (one asset's) batch, signed by the attester and submitted
// by someone else (`attestWithSig`), so the row adds the signature check and the batch's EIP-712 hash.
const relayedBatch = Array.from({ length: 100 }, (_, i) => ({
  ...contribution(1, i + 2001),
  evidenceUri: intakeEvidence(i + 2001),
}));
const { chainId } = await ethers.provider.getNetwork();
const deadline = 2n ** 48n;
const attestation = {
  contributions: relayedBatch,
  attester: await attester!.getAddress(),
  nonce: (await ledger.getFunction("nonces")(attester)) as bigint,
  deadline,
};
const attestSignature = await attester!.signTypedData(
  { ...LEDGER_DOMAIN, chainId, verifyingContract: await ledger.getAddress() },
  structuredClone(ATTEST_CONTRIBUTIONS_TYPES) as never,
  attestation,
);
results.attestWithSig100PerItemIntakeEvidence = Math.round(
  (await gasOf(
    call(
      ledger.connect(payer!) as Contract,
      "attestWithSig",
      relayedBatch,
      attestation.attester,
      deadline,
      attestSignature,
    ),
  )) / 100,
);

// Pay revenue (the token and the router's recipients already hold balances, as in steady state).
const tokenAsPayer = token.connect(payer!) as Contract;
await (await call(tokenAsPayer, "mint", payer, 10n ** 30n)).wait();
await (await call(tokenAsPayer, "approve", router, ethers.MaxUint256)).wait();
await (await call(router.connect(payer!) as Contract, "pay", 1, token, 10n ** 20n)).wait();
results.payRevenue = await gasOf(call(router.connect(payer!) as Contract, "pay", 2, token, 10n ** 20n));

// Pay with a permit, in a token deployed after everything else so that no other figure moves. Measured at the
// second payment, as `pay`: the payer's permit nonce and the recipients' balances are no longer zero.
const permitToken = (await ethers.deployContract("DemoPermitToken", [
  "Demo Permit USD",
  "dPUSD",
  6,
])) as unknown as Contract;
await (await call(distributor, "setTokenAllowed", permitToken, true)).wait();
await (await call(permitToken.connect(payer!) as Contract, "mint", payer, 10n ** 30n)).wait();
const permitDomain = await permitToken.getFunction("eip712Domain")();
async function payWithPermit(assetId: number, amount: bigint): Promise<number> {
  const deadline = ethers.MaxUint256;
  const message = {
    owner: payer!.address,
    spender: await router.getAddress(),
    value: amount,
    nonce: await permitToken.getFunction("nonces")(payer),
    deadline,
  };
  const { name, version, chainId, verifyingContract } = permitDomain;
  const permit = ethers.Signature.from(
    await payer!.signTypedData(
      { name, version, chainId, verifyingContract },
      structuredClone(PERMIT_TYPES) as never,
      message,
    ),
  );
  const args = [assetId, permitToken, amount, deadline, permit.v, permit.r, permit.s];
  return await gasOf(call(router.connect(payer!) as Contract, "payWithPermit", ...args));
}
await payWithPermit(1, 10n ** 20n);
results.payRevenueWithPermit = await payWithPermit(2, 10n ** 20n);

// A 100,000-leaf cumulative tree built with @openzeppelin/merkle-tree; the claimant is a fresh holder.
log(`Building two ${LEAVES.toLocaleString()}-leaf trees with @openzeppelin/merkle-tree (about 20 s each)…`);
const tokenAddress = (await token.getAddress()) as `0x${string}`;
const accounts = Array.from({ length: LEAVES }, (_, i) =>
  ethers.getAddress(ethers.dataSlice(ethers.keccak256(ethers.toBeHex(i + 1, 32)), 12)),
);
const amountOf = (i: number, epoch: number) => BigInt(1_000_000 + ((i * 7919) % 1_000_000)) * BigInt(epoch);
const buildTree = (epoch: number) =>
  StandardMerkleTree.of(
    accounts.map((a, i) => [a, tokenAddress, amountOf(i, epoch)] as [string, string, bigint]),
    ["address", "address", "uint256"],
  );
const trees = [buildTree(1), buildTree(2)];
const totalOf = (epoch: number) => accounts.reduce((sum, _, i) => sum + amountOf(i, epoch), 0n);
// Fund enough for epoch 2's totals: the pool gets 49% of each payment.
await (await call(router.connect(payer!) as Contract, "pay", 3, token, (totalOf(2) * 100n) / 49n + 1n)).wait();

const domain = { ...DISTRIBUTOR_DOMAIN, chainId, verifyingContract: await distributor.getAddress() };
const sortedOracles = [...oracles].sort((a, b) => (a.address.toLowerCase() < b.address.toLowerCase() ? -1 : 1));

async function runEpoch(epoch: number, fromBlock: bigint, toBlock: bigint) {
  const proposal: EpochProposal = {
    epoch: BigInt(epoch),
    fromBlock,
    toBlock,
    payoutRoot: trees[epoch - 1]!.root as `0x${string}`,
    scoresRoot: ethers.id(`scores-${epoch}`) as `0x${string}`,
    manifestHash: ethers.id(`manifest-${epoch}`) as `0x${string}`,
    tokens: [tokenAddress],
    totals: [totalOf(epoch)],
  };
  const signatures = await Promise.all(
    sortedOracles.slice(0, 3).map(async (oracle) => {
      const signature = ethers.Signature.from(
        await oracle.signTypedData(domain, structuredClone(EPOCH_PROPOSAL_TYPES) as never, proposal),
      );
      return { r: signature.r, vs: signature.yParityAndS };
    }),
  );
  const propose = await gasOf(call(distributor, "propose", proposal, signatures));
  await ethers.provider.send("evm_increaseTime", [3600]);
  const finalise = await gasOf(call(distributor, "finalise", proposal));
  const suffix = epoch === 1 ? "FirstEpoch" : "";
  results[`propose${suffix}`] = propose;
  results[`finalise${suffix}`] = finalise;
  return propose + finalise;
}

results.proposeAndFinaliseFirstEpoch = await runEpoch(1, 1n, 100n);

// The deepest proof (17 levels at 100k leaves): the anchors were measured at depth 17.
const deepest = (tree: StandardMerkleTree<[string, string, bigint]>) => {
  for (const [i, value] of tree.entries()) if (tree.getProof(i).length === 17) return { i, value };
  throw new Error("no leaf at depth 17");
};
const first = deepest(trees[0]!);
const firstProof = trees[0]!.getProof(first.i);
results.firstClaim = await gasOf(call(distributor, "claim", ...first.value, firstProof));

results.proposeAndFinalise = await runEpoch(2, 101n, 200n);
const topUpValue = [first.value[0], first.value[1], amountOf(accountsIndex(first.value[0]), 2)] as const;
const topUpIndex = [...trees[1]!.entries()].find(([, v]) => v[0] === first.value[0])![0];
results.topUpClaim = await gasOf(call(distributor, "claim", ...topUpValue, trees[1]!.getProof(topUpIndex)));
results.topUpClaimProofDepth = trees[1]!.getProof(topUpIndex).length;

// Metering, deployed after everything else so that no other figure moves: a payer's deposit, a runner's first
// redemption on a new channel (its channel slots and the runner's balance go from zero) and a later one, each paying
// the asset through the router (about `pay`'s gas) and the runner its hosting fee, and one period's anchor.
const escrow = (await ethers.deployContract("MeteringEscrow", [
  registry,
  router,
  distributor,
  admin,
  0,
  [guardian],
  3600,
  3600,
  1000,
])) as unknown as Contract;
await (await call(escrow, "setRunner", 1, runner, true)).wait();
const escrowAsPayer = escrow.connect(payer!) as Contract;
await (await call(tokenAsPayer, "approve", escrow, ethers.MaxUint256)).wait();
results.meteringDeposit = await gasOf(call(escrowAsPayer, "deposit", token, 10n ** 24n));
const meteringDomain = { ...METERING_DOMAIN, chainId, verifyingContract: await escrow.getAddress() };
const period = (await escrow.getFunction("currentPeriod")()) as bigint;
async function redeem(nonce: bigint): Promise<number> {
  const voucher = {
    payer: payer!.address,
    runner: runner!.address,
    assetId: 1n,
    token: tokenAddress,
    units: 100n * nonce,
    amount: 10n ** 18n * nonce,
    hostingFee: 10n ** 17n * nonce,
    period,
    nonce,
  };
  const signature = await payer!.signTypedData(meteringDomain, structuredClone(VOUCHER_TYPES) as never, voucher);
  return await gasOf(call(escrow.connect(runner!) as Contract, "redeem", voucher, signature));
}
results.meteringRedeemFirst = await redeem(1n);
results.meteringRedeem = await redeem(2n);
const records = StandardMerkleTree.of(
  Array.from({ length: 1_000 }, (_, i) => [
    1n,
    ethers.id("bundle"),
    ethers.id(`in ${i}`),
    ethers.id(`out ${i}`),
    runner!.address,
    payer!.address,
    1n,
    10n ** 15n,
    BigInt(i),
    1_764_000_000n,
  ]),
  [...RECORD_LEAF_ENCODING],
);
results.meteringAnchor = await gasOf(
  call(escrow.connect(runner!) as Contract, "anchor", period, records.root, 1_000, `ipfs://${"b".repeat(59)}`),
);

function accountsIndex(account: string): number {
  return accounts.indexOf(account);
}

const rows: [string, string, number, string][] = [
  [
    "first claim, 100k leaves",
    "firstClaim",
    results.firstClaim,
    "Uniswap MerkleDistributor 93,279; Morpho URD 96,374; Merkl 137,839 (target < 93,279)",
  ],
  ["top-up claim, 100k leaves", "topUpClaim", results.topUpClaim, "Morpho URD 61,429; Merkl 86,589 (target <= 60,000)"],
  [
    "propose 3-of-5 + finalise",
    "proposeAndFinalise",
    results.proposeAndFinalise,
    "URD submitRoot + acceptRoot 133,761; Merkl updateTree 67,773 (target < 133,761: the finalise pulls the new allocation from the vault)",
  ],
  ["  propose", "propose", results.propose!, ""],
  ["  finalise", "finalise", results.finalise!, ""],
  [
    "propose + finalise, first epoch",
    "proposeAndFinaliseFirstEpoch",
    results.proposeAndFinaliseFirstEpoch,
    "(the first pull fills an empty distributor balance: 20,000 for a new slot)",
  ],
  ["attest one", "attestOne", results.attestOne, "EAS attest 274,333 (target <= 60,000)"],
  [
    "attest batch of 100, per item",
    "attestBatch100PerItem",
    results.attestBatch100PerItem,
    "EAS multiAttest ~237,000 each (target <= 34,000)",
  ],
  [
    "  the same, intake evidence",
    "attestBatch100PerItemIntakeEvidence",
    results.attestBatch100PerItemIntakeEvidence,
    `a ${results.intakeEvidenceBytes}-byte evidence URI, as the forge intake attests (calldata and log bytes)`,
  ],
  [
    "  relayed, one asset",
    "attestWithSig100PerItemIntakeEvidence",
    results.attestWithSig100PerItemIntakeEvidence,
    "the intake's relayer: one repository's batch of 100, signed by the attester (attestWithSig)",
  ],
  ["pay revenue", "payRevenue", results.payRevenue, "-"],
  ["pay revenue with a permit", "payRevenueWithPermit", results.payRevenueWithPermit, "-"],
  ["register asset (no parents)", "registerAsset", results.registerAsset, "-"],
  ["register asset (two parents)", "registerAssetWithTwoParents", results.registerAssetWithTwoParents, "-"],
  ["metering: deposit", "meteringDeposit", results.meteringDeposit, "a payer's first deposit of a token"],
  [
    "metering: redeem, new channel",
    "meteringRedeemFirst",
    results.meteringRedeemFirst!,
    "signature check, channel written, router pay, hosting fee to the runner",
  ],
  ["metering: redeem, later voucher", "meteringRedeem", results.meteringRedeem!, "-"],
  ["metering: anchor a period", "meteringAnchor", results.meteringAnchor!, "root of 1,000 records, 64-byte URI"],
];
const anchors: Record<string, number> = {
  firstClaim: 93_279,
  topUpClaim: 61_429,
  proposeAndFinalise: 133_761,
  attestOne: 274_333,
  attestBatch100PerItem: 237_000,
};

if (json) {
  console.log(JSON.stringify(results));
} else {
  console.log("\nGas (solc 0.8.29, 200 runs, Cancun, Hardhat EVM; 100,000-leaf tree, proof depth 17)\n");
  console.log(`${"operation".padEnd(32)}${"gas".padStart(10)}  ${"vs anchor".padStart(9)}  anchors`);
  for (const [label, key, gas, anchor] of rows) {
    const ratio = anchors[key] ? `${((gas / anchors[key]!) * 100).toFixed(1)}%` : "";
    console.log(`${label.padEnd(32)}${gas.toLocaleString("en-US").padStart(10)}  ${ratio.padStart(9)}  ${anchor}`);
  }
  console.log("\n'vs anchor' is our gas as a share of the best-known anchor's (Uniswap, URD, EAS).");
}
