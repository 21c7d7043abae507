/**
 * `ccn usage report [--asset N]`: each asset's use per period from the MeteringEscrow's events and the anchored
 * records files: runs, payers, units, free runs, revenue through the router and hosting fees, anchors, and the
 * replay checks' disputes. Text shows amounts in each token's decimals; `--json` gives base units as strings.
 */
import { decimal, MAX_UINT64 } from "@coherence/protocol";
import { formatTokenAmount } from "@coherence/protocol/actions";
import { type Address, erc20Abi } from "viem";

import { escrowOf } from "../../usage/escrowEvents.ts";
import { readUsageEvents } from "../../usage/readUsageEvents.ts";
import { type UsageReport, usageReport } from "../../usage/usageReport.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork } from "../network.ts";
import { configOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["usage", "report"],
  summary: "use of each asset per period: runs, payers, units, revenue, free tier, anchors, replay disputes",
  positionals: [],
  options: {
    asset: { type: "string", value: "N", help: "only this asset", schema: decimal({ max: MAX_UINT64 }) },
    ...configOption,
  },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

type TokenInfo = { symbol: string; decimals: number };
export type ReportOutcome = UsageReport & { tokens: Record<Address, TokenInfo> };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<ReportOutcome> {
  const network = await openNetwork(args.config, context.env);
  const report = usageReport(await readUsageEvents(network.client, escrowOf(network.deployment)), args.asset);
  const tokens: Record<Address, TokenInfo> = {};
  for (const token of new Set(report.periods.flatMap((p) => p.revenue.map((r) => r.token)))) {
    const read = { address: token, abi: erc20Abi } as const;
    const [symbol, decimals] = await Promise.all([
      network.client.readContract({ ...read, functionName: "symbol" }),
      network.client.readContract({ ...read, functionName: "decimals" }),
    ]);
    tokens[token] = { symbol, decimals };
  }
  return { ...report, tokens };
}

export function output(outcome: ReportOutcome): CommandOutput {
  const { periods, unreadableAnchors, tokens } = outcome;
  const amount = (token: Address, value: bigint) => {
    const info = tokens[token]!;
    return `${formatTokenAmount(value, info.decimals)} ${info.symbol}`;
  };
  return {
    json: { periods, unreadableAnchors },
    text: [
      ...(periods.length === 0 ? ["No metered use on this chain."] : []),
      ...periods.flatMap((p) => [
        `asset ${p.assetId} period ${p.period}: ${p.runs} runs (${p.freeRuns} free) by ${p.payers} payers, ${p.units} units, ${p.redemptions} redemptions`,
        ...p.revenue.map(
          (r) => `  revenue ${amount(r.token, r.toAsset)} to the asset, ${amount(r.token, r.toRunner)} hosting fees`,
        ),
        ...p.anchors.map((a) => `  anchored by ${a.runner}: ${a.records} records, ${a.uri}`),
        `  replay disputes: ${p.disputes.opened} opened, ${p.disputes.open} open, ${p.disputes.upheld} upheld, ${p.disputes.rejected} rejected`,
      ]),
      ...unreadableAnchors.map((a) => `unreadable: ${a.runner} period ${a.period} (${a.uri}): ${a.problem}`),
    ],
  };
}
