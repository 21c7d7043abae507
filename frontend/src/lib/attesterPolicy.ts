/**
 * Who may attest contributions to an asset: any attester of the ledger, unless its owner restricted its attesters
 * to those it chose. A reclaim by the verified author lifts the restriction and the previous owner's choices lapse.
 */
import type { Address } from "viem";

export type AttesterPolicy = {
  restricted: boolean;
  /** The attesters the owner chose (they count while `restricted`), at most a page of them. */
  chosen: Address[];
  /** How many the owner chose, all pages. */
  chosenCount: number;
};

/** The policy in a sentence, for the asset page (the chosen attesters are listed after it). */
export function attesterPolicyWords(policy: AttesterPolicy): string {
  if (!policy.restricted) return "Open: any attester of the ledger may attest contributions to it.";
  if (policy.chosenCount === 0) return "Restricted by its owner, who chose no attester: nobody can attest to it.";
  const chosen = policy.chosenCount === 1 ? "attester" : `${policy.chosenCount} attesters`;
  return `Restricted by its owner to the ${chosen} it chose:`;
}
