/**
 * Who a change request would pay: its author and each `Co-authored-by` co-author its commits name by the forge's
 * noreply address, once each, bots left out when the repository skips them. Both the attestation of merged work
 * and the preview of open work start from this list.
 */
import type { ChangeAccount } from "../forge/change.ts";
import type { Gates } from "../optIn/coherenceFile.ts";
import type { ForgeName, Refusal } from "../store/intakeStore.ts";
import { coAuthors, NOREPLY_NAME } from "./coAuthors.ts";
import { type GateRefusal, isBot } from "./gates.ts";

export type Candidate = { login: string; accountId: string | undefined };

/** A co-author left out, and why. */
export type CandidateRefusal = { stage: Refusal["stage"]; who: string; refusal: GateRefusal };

/**
 * @example
 * const { candidates, refusals } = changeCandidates("github", author, commits.map((c) => c.message), true);
 */
export function changeCandidates(
  forge: ForgeName,
  author: ChangeAccount,
  messages: readonly string[],
  skipBots: boolean,
): { candidates: Candidate[]; refusals: CandidateRefusal[] } {
  const candidates: Candidate[] = [{ login: author.login, accountId: author.accountId }];
  const refusals: CandidateRefusal[] = [];
  for (const co of coAuthors(messages, forge)) {
    if (co.login === undefined) {
      refusals.push({
        stage: "link",
        who: co.trailer,
        refusal: { code: "co-author-unknown", reason: `co-author ${co.trailer} has no ${NOREPLY_NAME[forge]}` },
      });
    } else if (skipBots && isBot({ login: co.login })) {
      refusals.push({
        stage: "gate",
        who: co.login,
        refusal: { code: "bot", reason: `co-author ${co.login} is a bot` },
      });
    } else if (!candidates.some((c) => c.login.toLowerCase() === co.login.toLowerCase())) {
      candidates.push({ login: co.login, accountId: co.accountId });
    }
  }
  return { candidates, refusals };
}

/**
 * Why the repository skips the whole change request (a label it excludes, a bot's change), if it does.
 *
 * @example
 * const skipped = skippedChange(change, gates); // { code: "bot", reason: "opened by the bot dependabot[bot]" }
 */
export function skippedChange(
  change: { labels: readonly string[]; author: ChangeAccount },
  gates: Pick<Gates, "excludedLabels" | "skipBots">,
): GateRefusal | undefined {
  const excluded = change.labels.filter((name) => gates.excludedLabels.includes(name));
  if (excluded.length > 0)
    return { code: "excluded-label", reason: `labelled ${excluded.join(", ")}, which the repository skips` };
  if (gates.skipBots && change.author.bot) return { code: "bot", reason: `opened by the bot ${change.author.login}` };
  return undefined;
}
