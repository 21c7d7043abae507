/**
 * Whether a repository's `.coherence.json` opts it in: it names this chain and this deployment's distributor, its
 * asset exists, and the asset's owner on the registry, now, signed it (an EOA's signature, or an ERC-1271
 * contract's such as a multisig: viem's `verifyTypedData` asks the owner). A sale of the asset voids the old
 * owner's opt-in until the new owner signs.
 */
import { assetRegistryAbi, type Deployment } from "@coherence/protocol";
import type { Address, Hex, PublicClient } from "viem";

import { type CoherenceFile, type Gates, gatesOf, optInTypedData } from "./coherenceFile.ts";

export type OptIn = { assetId: bigint; owner: Address; gates: Gates };

/** Why a repository is not opted in: a refusal code and its reason. */
export type OptInProblem = { code: string; reason: string };

export type VerifyOptInParameters = {
  client: PublicClient;
  deployment: Deployment;
  file: CoherenceFile;
  /** The repository the file was read from (`github.com/<owner>/<repo>`). */
  repository: string;
};

export async function verifyOptIn(p: VerifyOptInParameters): Promise<OptIn | OptInProblem> {
  const { file, deployment } = p;
  if (file.repository.toLowerCase() !== p.repository.toLowerCase())
    return {
      code: "opt-in-other-repository",
      reason: `.coherence.json opts in ${file.repository}, not ${p.repository}`,
    };
  if (file.chainId !== deployment.chainId)
    return {
      code: "opt-in-other-chain",
      reason: `.coherence.json names chain ${file.chainId}, not ${deployment.chainId}`,
    };
  const distributor = deployment.contracts.PayoutDistributor.address;
  if (file.distributor.toLowerCase() !== distributor.toLowerCase())
    return {
      code: "opt-in-other-distributor",
      reason: `.coherence.json names distributor ${file.distributor}, not this deployment's ${distributor}`,
    };
  const registry = { address: deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  const count = await p.client.readContract({ ...registry, functionName: "assetCount" });
  if (file.assetId === 0n || file.assetId > count)
    return { code: "opt-in-unknown-asset", reason: `asset ${file.assetId} is not registered (${count} are)` };
  const owner = await p.client.readContract({ ...registry, functionName: "ownerOf", args: [file.assetId] });
  const signed = await p.client.verifyTypedData({
    address: owner,
    ...optInTypedData(file),
    signature: file.signature as Hex,
  });
  if (!signed)
    return {
      code: "opt-in-not-signed-by-owner",
      reason: `.coherence.json is not signed by ${owner}, the owner of asset ${file.assetId}`,
    };
  return { assetId: file.assetId, owner, gates: gatesOf(file.gates) };
}
