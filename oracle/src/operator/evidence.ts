/**
 * How a contribution's evidence is written on-chain: `evidenceUri` is `<repository url>#<commit>` or
 * `<repository url>#<from>..<to>`, and `evidenceHash` is the keccak256 of the fragment after `#`. The oracle
 * measures the commits the hash commits to, so an attestation's URI cannot point the scorer anywhere else.
 */

import { InvalidArgumentError } from "@coherence/protocol";
import { type Address, encodeAbiParameters, type Hex, keccak256, stringToBytes } from "viem";

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

/** The commit (or range) of an attested contribution, checked against its evidence hash. */
export function evidenceFragmentOf(contribution: { id: Hex; evidenceUri: string; evidenceHash: Hex }): string {
  const at = contribution.evidenceUri.lastIndexOf("#");
  const fragment = at === -1 ? "" : contribution.evidenceUri.slice(at + 1);
  if (fragment === "") {
    throw new InvalidArgumentError(`Contribution ${contribution.id} has no commit in its evidence URI.`, {
      details: `evidenceUri "${contribution.evidenceUri}" should end in #<commit> or #<from>..<to>`,
    });
  }
  if (evidenceHashOf(fragment) !== contribution.evidenceHash.toLowerCase()) {
    throw new InvalidArgumentError(`Contribution ${contribution.id}'s evidence hash does not commit to its URI.`, {
      details: `keccak256("${fragment}") is ${evidenceHashOf(fragment)}, the ledger recorded ${contribution.evidenceHash}`,
    });
  }
  return fragment;
}
