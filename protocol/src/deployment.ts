/**
 * The deployment file, `deployments/<chainId>.json`: what the oracle, the indexer, the web app and every service
 * read to find the protocol on a chain. Written by `scripts/deploy.ts`; declared and validated here.
 */
import { BPS, MAX_ADMIN_DELAY, MAX_CHALLENGE_PERIOD, MAX_FEE_BPS, MIN_CHALLENGE_PERIOD } from "./constants.ts";
import { MAX_WITHDRAWAL_DELAY, MIN_WITHDRAWAL_DELAY } from "./metering/constants.ts";
import { address, array, boolean, type Infer, integer, literal, object, optional, parse, string } from "./schema.ts";

export const DEPLOYMENT_FORMAT = "coherence-deployment-v2";

export const CONTRACT_NAMES = [
  "AssetRegistry",
  "ContributionLedger",
  "PayoutDistributor",
  "RevenueRouter",
  "CoherenceTimelock",
  "ForgeLinkRegistry",
  "MeteringEscrow",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

const block = integer();

export const deployedContractSchema = object({
  address: address(),
  /** The block of the contract's deployment transaction: indexing any earlier block is wasted work. */
  startBlock: block,
  /** The build artifact, relative to the repository root. */
  artifact: string(),
});
export type DeployedContract = Infer<typeof deployedContractSchema>;

export const deployedTokenSchema = object({
  address: address(),
  symbol: string(),
  name: string(),
  decimals: integer({ max: 255 }),
  /**
   * Whether the token implements EIP-2612 `permit`, so that `RevenueRouter.payWithPermit` pays in it in one
   * transaction; otherwise a payer approves the router first. Absent in files written before it: no permit.
   */
  permit: optional(boolean()),
  /**
   * A Chainlink `AggregatorV3Interface` feed of the token's price in USD, which the web app shows amounts in dollars
   * with. Absent when none is known: amounts are then shown in the token alone.
   */
  usdFeed: optional(address()),
  startBlock: block,
});
export type DeployedToken = Infer<typeof deployedTokenSchema>;

/** The parameters the contracts were deployed with, as they are on-chain. */
export const deploymentParametersSchema = object({
  adminDelay: integer({ max: MAX_ADMIN_DELAY }),
  /** The admin of the registry, the ledger, the distributor and the router, read from the chain: the timelock. */
  admin: address(),
  /** Seconds between scheduling a privileged change on the timelock and the earliest time it can take effect. */
  governanceDelay: integer(),
  /** Who may schedule privileged changes on the timelock. */
  governors: array(address()),
  /** Who may veto proposals, pause claims and cancel scheduled changes, at once. */
  guardians: array(address()),
  oracles: array(address()),
  threshold: integer(),
  challengePeriod: integer({ min: MIN_CHALLENGE_PERIOD, max: MAX_CHALLENGE_PERIOD }),
  attesters: array(address()),
  /** Who may sign authorship statements on the registry (a content hash's verified author). */
  verifiers: array(address()),
  /**
   * Who may record forge links on the ForgeLinkRegistry (the forge intake's key). Absent in files written before the
   * registry: none.
   */
  linkers: optional(array(address())),
  treasury: address(),
  reserve: address(),
  feeBps: integer({ max: MAX_FEE_BPS }),
  poolBps: integer({ max: BPS }),
  /** The tokens allowlisted at deployment: only these can be paid in and funded until governance adds others. */
  tokens: array(address()),
  /**
   * The MeteringEscrow's seconds per period (of free use and of anchored records), its withdrawal delay and its cap
   * on a voucher's hosting fee in basis points of the amount. Absent in files written before it.
   */
  metering: optional(
    object({
      periodLength: integer({ min: 1 }),
      withdrawalDelay: integer({ min: MIN_WITHDRAWAL_DELAY, max: MAX_WITHDRAWAL_DELAY }),
      maxHostingFeeBps: integer({ max: BPS }),
    }),
  ),
});
export type DeploymentParameters = Infer<typeof deploymentParametersSchema>;

export const deploymentSchema = object({
  format: literal(DEPLOYMENT_FORMAT),
  chainId: integer({ min: 1 }),
  network: string(),
  contracts: object({
    AssetRegistry: deployedContractSchema,
    ContributionLedger: deployedContractSchema,
    PayoutDistributor: deployedContractSchema,
    RevenueRouter: deployedContractSchema,
    CoherenceTimelock: deployedContractSchema,
    /** Forge accounts linked to addresses. Absent in files written before it: that chain has no registry. */
    ForgeLinkRegistry: optional(deployedContractSchema),
    /** Payers' escrow for metered use (the metering gateway's). Absent in files written before it: none. */
    MeteringEscrow: optional(deployedContractSchema),
  }),
  /** Demo tokens on local chains; empty elsewhere. */
  tokens: array(deployedTokenSchema),
  parameters: deploymentParametersSchema,
});
export type Deployment = Infer<typeof deploymentSchema>;

/**
 * Validates an already parsed deployment file, naming the first bad field
 * (`deployments/31337.json: contracts.PayoutDistributor.address: expected a 0x-prefixed 20-byte address, got 7`).
 *
 * @example
 * const deployment = parseDeployment(await response.json(), "deployments/42161.json");
 */
export function parseDeployment(value: unknown, source = "deployment"): Deployment {
  return parse(deploymentSchema, value, { source });
}
