/**
 * The epoch inputs recorded in a manifest, ready for `computeEpoch`: how an
 * auditor or a co-signing operator recomputes an epoch from a published manifest.
 */

import { MANIFEST_FORMAT_V1, type Manifest } from "@coherence/protocol";
import { withPaidCosts } from "../costs/paidCosts.ts";
import type { EpochInput } from "../epoch/types.ts";

/**
 * The contributions weigh their paid costs (`inputs.costs`); a v1 manifest, from before cost checks, paid every
 * cost as attested.
 *
 * @example
 * const again = computeEpoch(epochInputOf(manifest));
 */
export function epochInputOf(manifest: Manifest): EpochInput {
  return {
    assets: manifest.inputs.assets,
    contributions:
      manifest.format === MANIFEST_FORMAT_V1
        ? manifest.inputs.contributions
        : withPaidCosts(manifest.inputs.contributions, manifest.inputs.costs),
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
