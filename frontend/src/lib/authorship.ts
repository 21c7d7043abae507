/**
 * Who an asset belongs to, as the registry knows it: registration is first-come, so until a verifier (appointed by
 * governance) confirms the author, the owner is whoever registered the content hash first; a confirmed author who
 * found its content registered by someone else takes the asset back.
 */
import type { Address, Hex } from "viem";

import { big } from "./indexerValues.ts";

export type Authorship =
  | { verified: false }
  | {
      verified: true;
      verifier: Address;
      verifiedAt: bigint;
      verifiedTx: Hex;
      /** Who had registered the author's content first and lost the asset to the author; null if nobody did. */
      reclaimedFrom: Address | null;
    };

/** What an unverified asset's page says. */
export const UNVERIFIED = "Unverified: registration is first-come until a verifier confirms the author";

/** An asset row's authorship columns (`verified`, `verifiedBy`, `verifiedAt`, `verifiedTx`, `reclaimedFrom`). */
export function parseAuthorship(row: Record<string, unknown>): Authorship {
  if (row.verified !== true) return { verified: false };
  return {
    verified: true,
    verifier: row.verifiedBy as Address,
    verifiedAt: big(row.verifiedAt),
    verifiedTx: row.verifiedTx as Hex,
    reclaimedFrom: (row.reclaimedFrom as Address | null) ?? null,
  };
}
