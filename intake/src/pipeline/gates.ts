/**
 * The gates a merged pull request passes before its work is attested, each a pure decision that names its reason
 * when it refuses; which apply, and their bounds, are the repository's (`.coherence.json`, signed by its owner).
 */
import { canWrite, type Permission, type Review } from "../forge/forge.ts";

/** A refusal by a gate: its code and its reason. */
export type GateRefusal = { code: string; reason: string };

/** GitHub marks App accounts `type: "Bot"` and names them `<app>[bot]`. */
export function isBot(user: { login: string; type?: string | undefined }): boolean {
  return user.type === "Bot" || user.login.endsWith("[bot]");
}

/** Each reviewer's latest verdict, as GitHub counts them: a comment does not change an approval. */
function verdicts(reviews: readonly Review[]): Map<string, Review> {
  const latest = new Map<string, Review>();
  for (const review of reviews) if (review.state !== "COMMENTED") latest.set(review.login.toLowerCase(), review);
  return latest;
}

/**
 * Refuses unless someone other than the pull request's contributors, with write access, approved it (and did not
 * later request changes or have the approval dismissed).
 */
export async function approvalRefusal(
  reviews: readonly Review[],
  contributors: readonly string[],
  permissionOf: (login: string) => Promise<Permission>,
): Promise<GateRefusal | undefined> {
  const own = new Set(contributors.map((login) => login.toLowerCase()));
  const approved = [...verdicts(reviews).values()].filter((r) => r.state === "APPROVED");
  const others = approved.filter((r) => !own.has(r.login.toLowerCase()));
  for (const review of others) if (canWrite(await permissionOf(review.login))) return undefined;
  if (others.length > 0)
    return {
      code: "approved-without-write-access",
      reason: `approved only by ${others.map((r) => r.login).join(", ")}, without write access to the repository`,
    };
  if (approved.length > 0) return { code: "self-approved", reason: "approved only by its own author or co-authors" };
  return { code: "not-approved", reason: "no approving review" };
}

/** Refuses a claim above `maxMicroUsdPerChangedLine` for the lines changed: the maintainers approve it first. */
export function plausibilityRefusal(
  claimedMicroUsd: bigint,
  changedLines: number,
  maxMicroUsdPerChangedLine: bigint,
): GateRefusal | undefined {
  if (claimedMicroUsd <= maxMicroUsdPerChangedLine * BigInt(changedLines)) return undefined;
  return {
    code: "held-for-approval",
    reason: `claims ${claimedMicroUsd} micro-USD for ${changedLines} changed lines, above ${maxMicroUsdPerChangedLine} a line: held until a maintainer comments /ccn approve`,
  };
}
