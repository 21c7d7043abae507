/**
 * How a contribution's evidence is written on-chain: `evidenceUri` is `<repository url>#<commit>` or
 * `<repository url>#<from>..<to>`, and `evidenceHash` is the keccak256 of the fragment after `#`, or of that
 * fragment with its cost report bound (`<from>..<to>;cost=<report hash>`, published in the cost store, as the forge
 * intake attests: 71 bytes of calldata and log less per attestation). The oracle measures the commits the hash
 * commits to, so an attestation's URI cannot point the scorer anywhere else.
 */

import { boundEvidence, COST_REPORT_PARAMETER, InvalidArgumentError } from "@coherence/protocol";
import { type Address, encodeAbiParameters, type Hex, keccak256, stringToBytes } from "viem";

import type { CostStore } from "../costs/costStore.ts";

/** The on-chain evidence hash of a commit or commit range. */
export function evidenceHashOf(fragment: string): Hex {
  return keccak256(stringToBytes(fragment));
}

/** `ContributionLedger.contributionId`: `keccak256(abi.encode(assetId, contributor, evidenceHash))`. */
export function contributionIdOf(assetId: bigint, contributor: Address, evidenceHash: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "address" }, { type: "bytes32" }],
      [assetId, contributor, evidenceHash],
    ),
  );
}

/** The evidence URI of a commit or range in a repository. */
export function evidenceUriOf(repositoryUrl: string, fragment: string): string {
  return `${repositoryUrl}#${fragment}`;
}

/**
 * Bound evidence fragments published for attestations whose URI names only the work, by lower-case evidence hash
 * ({@link evidenceBindingsOf}).
 */
export type EvidenceBindings = ReadonlyMap<string, string>;

const NO_BINDINGS: EvidenceBindings = new Map();

/**
 * The commit (or range) of an attested contribution, checked against its evidence hash: the URI's fragment when
 * the hash commits to it, or the published binding `<fragment>;cost=<report hash>` the hash commits to instead.
 */
export function evidenceFragmentOf(
  contribution: { id: Hex; evidenceUri: string; evidenceHash: Hex },
  bindings: EvidenceBindings = NO_BINDINGS,
): string {
  const fragment = uriFragmentOf(contribution.evidenceUri);
  if (fragment === "") {
    throw new InvalidArgumentError(`Contribution ${contribution.id} has no commit in its evidence URI.`, {
      details: `evidenceUri "${contribution.evidenceUri}" should end in #<commit> or #<from>..<to>`,
    });
  }
  if (evidenceHashOf(fragment) === contribution.evidenceHash.toLowerCase()) return fragment;
  const bound = bindings.get(contribution.evidenceHash.toLowerCase());
  if (bound !== undefined && isBindingOf(bound, fragment)) return bound;
  throw new InvalidArgumentError(`Contribution ${contribution.id}'s evidence hash does not commit to its URI.`, {
    details: `keccak256("${fragment}") is ${evidenceHashOf(fragment)}, the ledger recorded ${contribution.evidenceHash}, and no binding "${fragment}${COST_REPORT_PARAMETER}<report hash>" hashing to it is published`,
  });
}

/**
 * The published bindings of the contributions whose evidence URI the hash does not commit to, read from the cost
 * store; a binding the store holds but that is not of its URI's work is left out, so the contribution is refused.
 */
export async function evidenceBindingsOf(
  store: CostStore,
  contributions: readonly { evidenceUri: string; evidenceHash: Hex }[],
): Promise<Map<string, string>> {
  const bindings = new Map<string, string>();
  for (const c of contributions) {
    const fragment = uriFragmentOf(c.evidenceUri);
    const hash = c.evidenceHash.toLowerCase();
    if (fragment === "" || evidenceHashOf(fragment) === hash || bindings.has(hash)) continue;
    const bound = await store.getBinding(c.evidenceHash);
    if (bound !== undefined && isBindingOf(bound, fragment)) bindings.set(hash, bound);
  }
  return bindings;
}

function uriFragmentOf(evidenceUri: string): string {
  const at = evidenceUri.lastIndexOf("#");
  return at === -1 ? "" : evidenceUri.slice(at + 1);
}

function isBindingOf(bound: string, fragment: string): boolean {
  const { work, costReport } = boundEvidence(bound);
  return work === fragment && costReport !== undefined;
}
