/**
 * A contribution's score as an epoch records it, the same for operators and auditors: scored (or read from the
 * store), or, when it cannot be scored, an unscorable record with its reason, so one contribution never stops
 * an epoch.
 */
import type { ChainContribution } from "../chain/readChain.ts";
import type { ScoringConfig } from "../scoring/config.ts";
import type { ReviewScore } from "../scoring/reviewScore.ts";
import { type AssetKind, scoreContribution } from "../scoring/scoreContribution.ts";
import type { EpochScoreRecord } from "../scoring/scoreRecord.ts";
import type { ScoreStore } from "../scoring/scoreStore.ts";
import { isUnscorable, unscorableRecord } from "../scoring/unscorable.ts";
import type { EvidenceBindings } from "./evidence.ts";
import { scoringInputOf } from "./scoringInput.ts";

/** What {@link scoreForEpoch} returns: the record and where it came from. */
export type ScoreForEpochReturnType = { record: EpochScoreRecord; source: "computed" | "stored" | "unscorable" };

/**
 * @example
 * const { record, source } = await scoreForEpoch(contribution, "Code", { scoring, reviews, store });
 * if (source === "unscorable") record.unscorable.reason;
 */
export async function scoreForEpoch(
  contribution: ChainContribution,
  assetKind: AssetKind,
  parameters: {
    scoring: ScoringConfig;
    reviews: Readonly<Record<string, ReviewScore>>;
    store: ScoreStore;
    /** The published bindings of contributions whose URI names only the work (`evidenceBindingsOf`). */
    bindings?: EvidenceBindings | undefined;
  },
): Promise<ScoreForEpochReturnType> {
  try {
    const input = scoringInputOf(contribution, assetKind, parameters.reviews, parameters.bindings);
    return await scoreContribution(input, parameters.scoring, parameters.store);
  } catch (error) {
    if (!isUnscorable(error)) throw error;
    const { id: contributionId, assetId } = contribution;
    return {
      record: unscorableRecord({ contributionId, assetId, assetKind }, parameters.scoring, error),
      source: "unscorable",
    };
  }
}

/** The reasons of the unscorable records among `records`, by lower-case contribution id: what the cost checks hold. */
export function unscorableReasons(records: readonly EpochScoreRecord[]): Map<string, string> {
  return new Map(
    records.flatMap((r) =>
      r.method === "unscorable" ? [[r.contributionId, `${r.unscorable.error}: ${r.unscorable.reason}`] as const] : [],
    ),
  );
}
