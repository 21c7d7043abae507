/**
 * The claims API's answer (`GET /claims/:account` of the indexer), declared once: the indexer encodes it and the
 * web app decodes it with the same schema, so amounts travel as decimal strings and arrive as bigint.
 */
import { leafSourceSchema } from "./manifest/elements.ts";
import { address, array, boolean, bytes32, decimal, type Infer, integer, nullable, object, string } from "./schema.ts";

/** One claimable leaf with its proof and explanation. */
export const claimLeafSchema = object({
  token: address({ lowerCase: true }),
  /** The leaf's cumulative amount: the `cumulativeAmount` argument of `claim`. */
  cumulativeAmount: decimal(),
  /** Cumulative amount of the previous epoch. */
  previous: decimal(),
  /** Allocated in this epoch. */
  amount: decimal(),
  /** Claimed so far (indexed `Claimed` and `ClaimedTo` events). */
  claimed: decimal(),
  /** `cumulativeAmount - claimed`, never negative. */
  claimable: decimal(),
  proof: array(bytes32()),
  /** Where the leaf is in the epoch's payout tree. */
  treeIndex: integer(),
  /** Where the epoch amount came from, as the manifest records it. */
  sources: array(leafSourceSchema),
  /** The oracle's readable explanation, line by line. */
  explanation: array(string()),
});
export type ClaimLeaf = Infer<typeof claimLeafSchema>;

/** What `GET /claims/:account` returns: the account's leaves in the latest finalised epoch. */
export const claimsResponseSchema = object({
  account: address({ lowerCase: true }),
  /** The finalised epoch the leaves are from, as indexed. */
  epoch: object({
    number: decimal(),
    proposalHash: bytes32(),
    payoutRoot: bytes32(),
    manifestHash: bytes32(),
    fromBlock: decimal(),
    toBlock: decimal(),
    /** Unix seconds of the finalising block; null while not finalised. */
    finalisedAt: nullable(decimal()),
  }),
  /** Whether claims are paused on-chain (claims revert until unpaused). */
  paused: boolean(),
  /** Where the explanation was read from: the epoch's manifest, checked against its on-chain hash. */
  manifest: object({ source: string(), codeVersion: string(), byteLength: integer() }),
  leaves: array(claimLeafSchema),
});
export type ClaimsResponse = Infer<typeof claimsResponseSchema>;
