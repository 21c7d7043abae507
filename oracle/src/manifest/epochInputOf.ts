/**
 * The epoch inputs recorded in a manifest, ready for `computeEpoch`: how an
 * auditor or a co-signing operator recomputes an epoch from a published manifest.
 */

import type { Manifest } from "@coherence/protocol";
import type { EpochInput } from "../epoch/types.ts";

/**
 * @example
 * const again = computeEpoch(epochInputOf(manifest));
 */
export function epochInputOf(manifest: Manifest): EpochInput {
  return {
    assets: manifest.inputs.assets,
    contributions: manifest.inputs.contributions,
    scores: manifest.scores.map((s) => ({
      contributionId: s.contributionId,
      coherenceBps: s.coherenceBps,
      metricsHash: s.metricsHash,
    })),
    revenue: manifest.inputs.revenue,
    previous: manifest.inputs.previous,
    config: { multiplier: manifest.config.multiplier, treasury: manifest.config.treasury },
  };
}
