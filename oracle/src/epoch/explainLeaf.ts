/**
 * Human-readable explanation of a leaf, built from the structured explanation
 * (the leaf's sources) and the asset flows that carried revenue along the lineage.
 */

import { type Address, type AssetFlow, type EpochLeaf, InvalidArgumentError } from "@coherence/protocol";
import type { EpochResult } from "./types.ts";

/** Options of {@link explainLeaf}. */
export type ExplainLeafParameters = {
  /** How many lineage levels below each paying asset to trace (default 3). */
  maxDepth?: number;
};

/** `part / whole` as a percentage with two decimals, computed on integers. */
export function formatPercent(part: bigint, whole: bigint): string {
  if (whole === 0n) return "0.00%";
  const hundredths = (part * 10000n + whole / 2n) / whole;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}%`;
}

/** A multiplier in basis points as `1.32x`. */
export function formatMultiplier(bps: number): string {
  return `${Math.floor(bps / 10000)}.${(bps % 10000).toString().padStart(4, "0").slice(0, 2)}x`;
}

/** Micro-USD as `12.345678 USD`. */
export function formatMicroUsd(micro: bigint): string {
  return `${micro / 1_000_000n}.${(micro % 1_000_000n).toString().padStart(6, "0")} USD`;
}

/**
 * Lines explaining how `account` came to its leaf of `token`: each asset pool it
 * was paid from with its share and contributions, and for each such asset where
 * its inflow came from (own revenue, descendants by lineage, recursively).
 *
 * @example
 * explainLeaf(result, ALICE, USDC).join("\n");
 * // 0xa11c… receives 600 of 0x5dc0… in this epoch (cumulative 600, previously 0):
 * // - 600 from asset 1's contributor pool of 720: weight 1320000000 of 1584000000 (83.33%)
 * //     contribution 0xc1… cost 1.000000 USD, coherence 82.00%, multiplier 1.32x, weight 1320000000
 * //   asset 1 inflow 900: own revenue 500; 400 via lineage from asset 2
 * //     asset 2 inflow 2000 (20.00% edge to asset 1): own revenue 2000
 */
export function explainLeaf(
  result: EpochResult,
  account: Address,
  token: Address,
  parameters: ExplainLeafParameters = {},
): string[] {
  const maxDepth = parameters.maxDepth ?? 3;
  const leaf: EpochLeaf | undefined = result.leaves.find(
    (l) => l.account === account.toLowerCase() && l.token === token.toLowerCase(),
  );
  if (leaf === undefined) throw new InvalidArgumentError(`No leaf for account ${account} and token ${token}.`);
  const flows = new Map<bigint, AssetFlow>();
  for (const f of result.flows) if (f.token === leaf.token) flows.set(f.assetId, f);

  const lines = [
    `${leaf.account} receives ${leaf.amount} of ${leaf.token} in this epoch (cumulative ${leaf.cumulative}, previously ${leaf.previous}):`,
  ];
  if (leaf.sources.length === 0) lines.push("- nothing new; the cumulative amount carries over from earlier epochs");

  const traceInflow = (assetId: bigint, indent: string, depth: number): void => {
    const flow = flows.get(assetId);
    if (flow === undefined) return;
    const parts = [
      `own revenue ${flow.ownRevenue}`,
      ...flow.fromChildren.map((c) => `${c.amount} via lineage from asset ${c.assetId}`),
    ];
    lines.push(`${indent}asset ${assetId} inflow ${flow.inflow}: ${parts.join("; ")}`);
    if (depth >= maxDepth) {
      if (flow.fromChildren.length > 0) lines.push(`${indent}  ...`);
      return;
    }
    for (const child of flow.fromChildren) {
      const edge = flows.get(child.assetId)?.toParents.find((p) => p.assetId === assetId);
      const childFlow = flows.get(child.assetId);
      if (childFlow === undefined || edge === undefined) continue;
      const how =
        childFlow.route === "split"
          ? `${formatPercent(BigInt(edge.weightBps), 10000n)} edge`
          : "no weighted contribution, passed up by edge weight";
      lines.push(`${indent}  from asset ${child.assetId} (${how}):`);
      traceInflow(child.assetId, `${indent}    `, depth + 1);
    }
  };

  for (const source of leaf.sources) {
    if (source.kind === "treasury") {
      lines.push(`- ${source.amount} as treasury: asset ${source.assetId} has no weighted contribution and no parents`);
    } else {
      lines.push(
        `- ${source.amount} from asset ${source.assetId}'s contributor pool of ${source.pool}: weight ${source.weight} of ${source.totalWeight} (${formatPercent(source.weight, source.totalWeight)})`,
      );
      for (const c of source.contributions) {
        lines.push(
          `    contribution ${c.id} cost ${formatMicroUsd(c.costMicroUsd)}, coherence ${formatPercent(BigInt(c.coherenceBps), 10000n)}, multiplier ${formatMultiplier(c.multiplierBps)}, weight ${c.weight}`,
        );
      }
    }
    traceInflow(source.assetId, "  ", 0);
  }
  return lines;
}
