/**
 * Measures a code contribution with the scoring version its config names: a score is measured, and measured
 * again by an auditor, by the version it was first scored under, so publishing a new version never changes an
 * old score.
 */
import { SCORING_CONFIG_FORMAT_V2, type ScoringConfig } from "./config.ts";
import { measureChange } from "./measureChange.ts";
import { type MeasureCodeReturnType, measureCode } from "./measureCode.ts";
import type { FingerprintIndex } from "./noveltyMetric.ts";

/** What {@link measureContribution} returns; `kind` only under scoring v2. */
export type MeasureContributionReturnType = MeasureCodeReturnType & { kind?: string };

/**
 * @example
 * const measured = await measureContribution("7", "3f9c...e1", config, await store.fingerprintIndex());
 */
export function measureContribution(
  assetId: string,
  evidence: string,
  config: ScoringConfig,
  earlier: FingerprintIndex,
): Promise<MeasureContributionReturnType> {
  return config.format === SCORING_CONFIG_FORMAT_V2
    ? measureChange(assetId, evidence, config, earlier)
    : measureCode(assetId, evidence, config, earlier);
}
