/**
 * `ccn pay <asset> <token> <amount>`: pays revenue to an asset through the RevenueRouter. The split (fee, reserve,
 * the pool that reaches contributors and lineage) is printed before anything is sent, and the payment goes out
 * only with `--yes` or a yes at the terminal.
 */
import { decimal, MAX_UINT64 } from "@coherence/protocol";
import {
  formatTokenAmount,
  type PaymentPlan,
  type PaymentReceipt,
  planPayment,
  sendPayment,
} from "@coherence/protocol/actions";

import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { accountClients, openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, configOption } from "../sharedParameters.ts";

export const parameters = {
  words: ["pay"],
  summary: "pay revenue to an asset (shows the split, then asks)",
  positionals: [
    { name: "asset", value: "asset", help: "the asset's id", schema: decimal({ max: MAX_UINT64 }) },
    { name: "token", value: "token", help: "a token of the deployment by symbol (dUSD), or its address" },
    { name: "amount", value: "amount", help: "in token units: 250 or 12.5" },
  ],
  options: {
    yes: { type: "boolean", help: "pay without asking" },
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export type PayResult = { status: "paid"; receipt: PaymentReceipt } | { status: "not-sent"; plan: PaymentPlan };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<PayResult> {
  const network = await openNetwork(args.config, context.env);
  const { publicClient, walletClient } = await accountClients(network, context.env);
  const plan = await planPayment({
    publicClient,
    deployment: network.deployment,
    payer: walletClient.account!.address,
    assetId: args.asset,
    token: args.token,
    amount: args.amount,
  });
  for (const line of describePlan(plan)) context.log(line);
  if (!(args.yes === true || (await context.confirm("Pay?")))) return { status: "not-sent", plan };
  return {
    status: "paid",
    receipt: await sendPayment(plan, { publicClient, walletClient, deployment: network.deployment }),
  };
}

function describePlan(plan: PaymentPlan): string[] {
  const { symbol, decimals } = plan.token;
  const units = (amount: bigint) => `${formatTokenAmount(amount, decimals)} ${symbol}`;
  return [
    `pay ${plan.display} ${symbol} to asset ${plan.assetId} from ${plan.payer}:`,
    `  fee to the treasury  ${units(plan.split.fee)}`,
    `  operational reserve  ${units(plan.split.reserve)}`,
    `  contributor pool     ${units(plan.split.pool)} (to the asset's contributors and its lineage, next epoch)`,
    `  transactions: ${plan.steps.join(", then ")}`,
  ];
}

export function output(result: PayResult): CommandOutput {
  if (result.status === "not-sent") {
    return { json: result, text: ["Nothing was sent: run again with --yes to pay."], exitCode: 1 };
  }
  const { transactions, paid } = result.receipt;
  return {
    json: result,
    text: [
      ...transactions.map((t) => `${t.step}: ${t.transactionHash}`),
      `paid in block ${paid.blockNumber}: fee ${paid.fee}, reserve ${paid.reserve}, pool ${paid.pool} (base units)`,
    ],
  };
}
