/**
 * The comment the intake posts on a change request it decided: per contributor, what was attested (the cost from
 * their report, in US dollars, and the evidence range) with the attestation's transaction, or why it was not
 * (each refusal's reason), or that it is held until a maintainer comments `/ccn approve`. A pure function of the
 * decision as the store holds it, so posting it again after a crash writes the same text; its first line is a
 * hidden marker naming the deciding delivery, by which a comment whose post's answer was lost is found.
 */
import { boundEvidence, InvariantError } from "@coherence/protocol";

import { CHANGE_REQUEST } from "../forge/change.ts";
import type { Contribution, DueFeedback, RecordedRefusal } from "../store/intakeStore.ts";

/** The hidden first line of the comment about the decision of delivery `deliveryId`. */
export const feedbackMarker = (deliveryId: string): string => `<!-- coherence-intake:${deliveryId} -->`;

/** The gate refusal that holds a change request's contributions: told beside each held contribution instead. */
const HELD_CODE = "held-for-approval";

const MICRO_PER_CENT = 10_000n;

/**
 * Micro-USD as dollars, in whole cents rounded down (the web app's rule: never more than is owed).
 *
 * @example
 * usd(12_345_678n) // "$12.34"
 */
export function usd(microUsd: bigint): string {
  const cents = microUsd / MICRO_PER_CENT;
  const dollars = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `$${dollars}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** The work an evidence URI names (`<base>..<merge>`), without its clone URL and its cost report's hash. */
function evidenceRange(evidenceUri: string): string {
  const at = evidenceUri.indexOf("#");
  return at === -1 ? evidenceUri : boundEvidence(evidenceUri.slice(at + 1)).work;
}

function costLine(c: Contribution): string {
  const total = c.laborMicroUsd + c.toolsMicroUsd + c.computeMicroUsd;
  return `${usd(total)} (labour ${usd(c.laborMicroUsd)}, tools ${usd(c.toolsMicroUsd)}, compute ${usd(c.computeMicroUsd)})`;
}

function contributionLine(c: Contribution, refusals: readonly RecordedRefusal[]): string {
  const what = `${costLine(c)} for \`${evidenceRange(c.evidenceUri)}\`, to ${c.contributor}`;
  switch (c.state) {
    case "attested":
      return c.transactionHash === undefined
        ? `attested ${what} (on-chain, attested by an earlier transaction)`
        : `attested ${what} in transaction \`${c.transactionHash}\``;
    case "held":
      return `held ${what} until a maintainer comments \`/ccn approve\`: ${c.heldReason ?? "a gate held it back"}`;
    case "refused": {
      const why = refusals.find((r) => r.stage === "relay" && r.subject === c.id);
      return `not attested ${what}: ${why === undefined ? "the ledger refused it" : `${why.reason} (\`${why.code}\`)`}`;
    }
    default:
      // The outbox hands out a decision only once none of its contributions waits for the chain.
      throw new InvariantError(`contribution ${c.id} is still ${c.state}: its comment is not due yet`);
  }
}

/**
 * The comment's markdown for a decision: the marker, then a line per contributor (attested, held or refused),
 * then what refused the change request as a whole.
 *
 * @example
 * const body = feedbackComment(due); // "<!-- coherence-intake:… -->\n**Coherence Network** decided github.com/o/r#12 …"
 */
export function feedbackComment(decision: Pick<DueFeedback, "target" | "deliveryId" | "contributions" | "refusals">) {
  const { target, contributions, refusals } = decision;
  // Refusals name the change request as `<repository>#<number>` on either forge; GitLab writes a merge request `!`.
  const subject = `${target.repository}#${target.number}`;
  const heading = `${target.repository}${target.forge === "gitlab" ? "!" : "#"}${target.number}`;
  const lines = [feedbackMarker(decision.deliveryId), `**Coherence Network** decided ${heading}:`, ""];
  const told = new Set<RecordedRefusal>();
  const logins = [...new Set(contributions.map((c) => c.login))];
  for (const login of logins) {
    for (const c of contributions.filter((x) => x.login === login)) {
      lines.push(`- @${login}: ${contributionLine(c, refusals)}`);
      for (const r of refusals) if (r.stage === "relay" && r.subject === c.id) told.add(r);
    }
  }
  for (const r of refusals) {
    if (told.has(r) || r.code === HELD_CODE || r.stage === "relay") continue;
    // A refusal's subject is the change request, a login or a `Co-authored-by` trailer: quoted, never a mention.
    const whole = `the ${CHANGE_REQUEST[target.forge]}`;
    const who = r.subject === undefined || r.subject === subject ? whole : `\`${r.subject}\``;
    lines.push(`- ${who}: not attested: ${r.reason} (\`${r.code}\`)`);
  }
  if (contributions.length === 0 && refusals.length === 0) lines.push("- nothing to attest");
  return lines.join("\n");
}
