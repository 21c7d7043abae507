/**
 * A contribution's status as the indexer has it (`contribution_status`). Its cost counts only while it is
 * attested: its attester may revoke it and attest it again with corrected costs (the corrected record supersedes
 * the revoked one, under the same id), while governance strikes one for good.
 */
export const CONTRIBUTION_STATUSES = ["attested", "revoked", "struck"] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** A status column's value; one this web app does not know fails the page rather than showing as attested. */
export function parseContributionStatus(value: unknown): ContributionStatus {
  if ((CONTRIBUTION_STATUSES as readonly unknown[]).includes(value)) return value as ContributionStatus;
  throw new Error(`The indexer answered the contribution status "${String(value)}", which this web app does not know.`);
}

/** A contribution's status in words: a short label and what it means, when there is more to say. */
export function contributionStatusWords(contribution: { status: ContributionStatus; attestationCount: number }): {
  label: string;
  meaning: string | null;
} {
  switch (contribution.status) {
    case "attested":
      return contribution.attestationCount > 1
        ? { label: "corrected", meaning: "attested again with corrected costs, superseding its revoked attestation" }
        : { label: "attested", meaning: null };
    case "revoked":
      return { label: "revoked", meaning: "revoked by its attester; may be superseded" };
    case "struck":
      return { label: "struck", meaning: "struck by governance" };
  }
}
