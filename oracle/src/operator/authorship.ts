/**
 * Authorship statements: a verifier of the deployment (the registry's VERIFIER_ROLE, for instance the forge intake
 * after it read a repository's owner-signed opt-in file) signs that an address wrote a content hash; with it the
 * author has its asset marked verified (`verifyAuthorship`) or takes back one registered first by someone else
 * (`reclaim`).
 */
import { AUTHORSHIP_TYPES, type Deployment, InvalidArgumentError, REGISTRY_DOMAIN } from "@coherence/protocol";
import type { Address, Hex, LocalAccount } from "viem";

/** `IAssetRegistry.Authorship`, as the registry takes it. */
export type Authorship = { author: Address; verifier: Address; deadline: bigint; signature: Hex };

export type SignAuthorshipParameters = {
  verifier: LocalAccount;
  deployment: Deployment;
  contentHash: Hex;
  author: Address;
  /** Chain time (seconds) after which the statement is void. */
  deadline: bigint;
};

/**
 * Signs the EIP-712 `Authorship(contentHash, author, deadline)` statement for the deployment's registry.
 *
 * @example
 * const authorship = await signAuthorship({ verifier, deployment, contentHash, author, deadline });
 * await registry.write.reclaim([assetId, authorship, parents, weights]);
 */
export async function signAuthorship(parameters: SignAuthorshipParameters): Promise<Authorship> {
  const { verifier, deployment, contentHash, author, deadline } = parameters;
  if (verifier.signTypedData === undefined) {
    throw new InvalidArgumentError(`Account ${verifier.address} cannot sign typed data.`);
  }
  const signature = await verifier.signTypedData({
    domain: {
      ...REGISTRY_DOMAIN,
      chainId: deployment.chainId,
      verifyingContract: deployment.contracts.AssetRegistry.address,
    },
    types: AUTHORSHIP_TYPES,
    primaryType: "Authorship",
    message: { contentHash, author, deadline },
  });
  return { author, verifier: verifier.address, deadline, signature };
}
