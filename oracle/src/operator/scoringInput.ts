/**
 * What the scorer is asked about an attested contribution: code is measured at the commit (or range) its
 * evidence hash commits to, without the cost report the fragment may bind; other work takes the reviewer score from the oracle config. Shared by operators and auditors so
 * both ask the same question.
 */

import { boundEvidence, InvalidArgumentError } from "@coherence/protocol";
import type { ChainContribution } from "../chain/readChain.ts";
import type { ReviewScore } from "../scoring/reviewScore.ts";
import type { AssetKind, ScoreContributionParameters } from "../scoring/scoreContribution.ts";
import { type EvidenceBindings, evidenceFragmentOf } from "./evidence.ts";

export function scoringInputOf(
  c: ChainContribution,
  assetKind: AssetKind,
  reviews: Readonly<Record<string, ReviewScore>>,
  bindings?: EvidenceBindings,
): ScoreContributionParameters {
  if (assetKind === "Code") {
    const evidence = boundEvidence(evidenceFragmentOf(c, bindings)).work;
    return { contributionId: c.id, assetId: c.assetId, assetKind, evidence };
  }
  const review = reviews[c.id] ?? reviews[c.id.toLowerCase()];
  if (review === undefined) {
    throw new InvalidArgumentError(`Contribution ${c.id} to ${assetKind} asset ${c.assetId} has no reviewer score.`, {
      details: `work that is not code is scored by review: add reviews["${c.id}"] = { reviewer, bps, rationale } to the oracle config`,
    });
  }
  return { contributionId: c.id, assetId: c.assetId, assetKind, review };
}
