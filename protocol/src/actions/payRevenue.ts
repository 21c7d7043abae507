/**
 * A payer pays revenue to an asset: everything the router would refuse is checked first (a zero amount, an
 * unknown asset, a token not on the allowlist, a balance too small), the split is shown before anything is sent,
 * and then the fewest transactions are sent: `pay` alone when the allowance covers the amount, `payWithPermit`
 * (one transaction, an EIP-2612 permit signed here) when the token supports it, else `approve` and `pay`.
 */

import {
  type Address,
  erc20Abi,
  getAddress,
  type Hex,
  isAddress,
  type PublicClient,
  parseEventLogs,
  parseSignature,
  type WalletClient,
} from "viem";
import { assetRegistryAbi, demoPermitTokenAbi, payoutDistributorAbi, revenueRouterAbi } from "../abis.ts";
import type { DeployedContract, DeployedToken } from "../deployment.ts";
import { InvalidArgumentError } from "../errors.ts";
import { PERMIT_TYPES } from "../typedData.ts";

import { sendContract } from "./sendContract.ts";
import { formatTokenAmount, parseTokenAmount } from "./tokenAmount.ts";

/** A payment refused before anything was sent. */
export class PaymentRefusedError extends InvalidArgumentError {
  override name = "PaymentRefusedError";
}

export type PaymentStep = "approve" | "pay" | "payWithPermit";

/**
 * What a payment reads of the deployment: three contracts' addresses and the tokens. A whole `Deployment` is one;
 * so is the slimmer copy the web app is built with.
 */
export type PaymentDeployment = {
  contracts: Record<"AssetRegistry" | "PayoutDistributor" | "RevenueRouter", Pick<DeployedContract, "address">>;
  tokens: readonly Pick<DeployedToken, "address" | "symbol" | "decimals" | "permit">[];
};

/** How long a permit signed for a payment stays valid. */
const PERMIT_VALIDITY_SECONDS = 3600n;

/** What a payment will do, read from the chain: nothing has been sent. */
export type PaymentPlan = {
  assetId: bigint;
  payer: Address;
  token: { address: Address; symbol: string; decimals: number; permit: boolean };
  amount: bigint;
  /** `amount` as typed, in token units. */
  display: string;
  /** The router's split of `amount` under its current parameters. */
  split: { fee: bigint; reserve: bigint; pool: bigint };
  /** `pay` alone, `payWithPermit` alone, or `approve` then `pay`. */
  steps: readonly PaymentStep[];
};

export type PlanPaymentParameters = {
  publicClient: PublicClient;
  deployment: PaymentDeployment;
  payer: Address;
  assetId: bigint;
  /** A token of the deployment by symbol, or an address. */
  token: string;
  /** In token units, `12.5`. */
  amount: string;
};

/**
 * @example
 * const plan = await planPayment({ publicClient, deployment, payer, assetId: 3n, token: "dUSD", amount: "250" });
 * plan.split.pool; // what reaches the asset's contributors and lineage
 */
export async function planPayment(parameters: PlanPaymentParameters): Promise<PaymentPlan> {
  const { publicClient, deployment, payer, assetId } = parameters;
  const token = await tokenOf(publicClient, deployment, parameters.token);
  const amount = parseTokenAmount(parameters.amount, token.decimals);
  if (amount === 0n) throw new PaymentRefusedError("The amount is 0: there is nothing to pay.");
  const router = deployment.contracts.RevenueRouter.address;
  const [allowed, assetCount, balance, allowance, [fee, reserve, pool]] = await Promise.all([
    publicClient.readContract({
      address: deployment.contracts.PayoutDistributor.address,
      abi: payoutDistributorAbi,
      functionName: "isTokenAllowed",
      args: [token.address],
    }),
    publicClient.readContract({
      address: deployment.contracts.AssetRegistry.address,
      abi: assetRegistryAbi,
      functionName: "assetCount",
    }),
    publicClient.readContract({ address: token.address, abi: erc20Abi, functionName: "balanceOf", args: [payer] }),
    publicClient.readContract({
      address: token.address,
      abi: erc20Abi,
      functionName: "allowance",
      args: [payer, router],
    }),
    publicClient.readContract({ address: router, abi: revenueRouterAbi, functionName: "previewSplit", args: [amount] }),
  ]);
  if (!allowed) {
    throw new PaymentRefusedError(`${token.symbol} (${token.address}) is not on the distributor's token allowlist.`, {
      details: "governance adds tokens with setTokenAllowed; pay in an allowed token",
    });
  }
  if (assetId === 0n || assetId > assetCount)
    throw new PaymentRefusedError(`Asset ${assetId} is not registered (assets are 1..${assetCount}).`);
  if (balance < amount) {
    throw new PaymentRefusedError(
      `${payer} holds ${formatTokenAmount(balance, token.decimals)} ${token.symbol}, less than ${parameters.amount}.`,
    );
  }
  return {
    assetId,
    payer,
    token,
    amount,
    display: parameters.amount,
    split: { fee, reserve, pool },
    steps: allowance >= amount ? ["pay"] : token.permit ? ["payWithPermit"] : ["approve", "pay"],
  };
}

/** A sent payment: its transactions and the split the router recorded. */
export type PaymentReceipt = {
  plan: PaymentPlan;
  transactions: { step: PaymentStep; transactionHash: Hex }[];
  paid: { fee: bigint; reserve: bigint; pool: bigint; blockNumber: bigint };
};

/** Sends `plan` from `walletClient`'s account, which must be its payer. */
export async function sendPayment(
  plan: PaymentPlan,
  clients: { publicClient: PublicClient; walletClient: WalletClient; deployment: PaymentDeployment },
): Promise<PaymentReceipt> {
  const { publicClient, walletClient, deployment } = clients;
  if (walletClient.account?.address.toLowerCase() !== plan.payer.toLowerCase()) {
    throw new PaymentRefusedError(`The plan pays from ${plan.payer}; this key is ${walletClient.account?.address}.`);
  }
  const router = deployment.contracts.RevenueRouter.address;
  const transactions: PaymentReceipt["transactions"] = [];
  if (plan.steps.includes("approve")) {
    const { transactionHash } = await sendContract({
      publicClient,
      walletClient,
      address: plan.token.address,
      abi: erc20Abi,
      functionName: "approve",
      args: [router, plan.amount],
    });
    transactions.push({ step: "approve", transactionHash });
  }
  const paying = { publicClient, walletClient, address: router, abi: revenueRouterAbi } as const;
  const { transactionHash, receipt } = plan.steps.includes("payWithPermit")
    ? await sendContract({
        ...paying,
        functionName: "payWithPermit",
        args: [plan.assetId, plan.token.address, plan.amount, ...(await signPermit(plan, router, clients))],
      })
    : await sendContract({ ...paying, functionName: "pay", args: [plan.assetId, plan.token.address, plan.amount] });
  transactions.push({ step: plan.steps.at(-1)!, transactionHash });
  const [event] = parseEventLogs({ abi: revenueRouterAbi, logs: receipt.logs, eventName: "RevenuePaid" });
  return {
    plan,
    transactions,
    paid: {
      fee: event!.args.fee,
      reserve: event!.args.reserve,
      pool: event!.args.pool,
      blockNumber: receipt.blockNumber,
    },
  };
}

/** The payer's EIP-2612 permit of exactly the plan's amount to the router, under the token's own EIP-712 domain. */
async function signPermit(
  plan: PaymentPlan,
  router: Address,
  { publicClient, walletClient }: { publicClient: PublicClient; walletClient: WalletClient },
): Promise<readonly [bigint, number, Hex, Hex]> {
  const token = { address: plan.token.address, abi: demoPermitTokenAbi } as const;
  const [[, name, version, chainId, verifyingContract], nonce, block] = await Promise.all([
    publicClient.readContract({ ...token, functionName: "eip712Domain" }),
    publicClient.readContract({ ...token, functionName: "nonces", args: [plan.payer] }),
    publicClient.getBlock(),
  ]);
  const deadline = block.timestamp + PERMIT_VALIDITY_SECONDS;
  const signature = await walletClient.signTypedData({
    account: walletClient.account!,
    domain: { name, version, chainId, verifyingContract },
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: { owner: plan.payer, spender: router, value: plan.amount, nonce, deadline },
  });
  const { v, yParity, r, s } = parseSignature(signature);
  return [deadline, Number(v ?? BigInt(27 + yParity)), r, s];
}

/** A token of the deployment by symbol (any case) or address; an address outside the deployment is read. */
async function tokenOf(
  publicClient: PublicClient,
  deployment: PaymentDeployment,
  token: string,
): Promise<PaymentPlan["token"]> {
  const known = deployment.tokens.find(
    (t) => t.symbol.toLowerCase() === token.toLowerCase() || t.address.toLowerCase() === token.toLowerCase(),
  );
  if (known !== undefined) {
    const { symbol, decimals } = known;
    return { address: getAddress(known.address), symbol, decimals, permit: known.permit ?? false };
  }
  if (!isAddress(token)) {
    throw new PaymentRefusedError(
      `"${token}" is neither a token address nor a token of this deployment (${deployment.tokens.map((t) => t.symbol).join(", ")}).`,
    );
  }
  const read = { address: getAddress(token), abi: erc20Abi } as const;
  const [symbol, decimals] = await Promise.all([
    publicClient.readContract({ ...read, functionName: "symbol" }),
    publicClient.readContract({ ...read, functionName: "decimals" }),
  ]).catch((cause) => {
    throw new PaymentRefusedError(`${token} does not answer as an ERC-20 token.`, { cause });
  });
  // A token outside the deployment is not known to support permit: it is approved first.
  return { address: read.address, symbol, decimals, permit: false };
}
