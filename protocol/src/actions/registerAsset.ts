/**
 * An owner registers a composable whose content hash is known (the CLI hashes its bundle's files, the web app
 * the files it was given): what the registry would refuse is refused first, by field — content registered
 * already, a parent that is not registered, weights over 100% — and only then is `register` sent.
 */
import type { Hex, PublicClient, WalletClient } from "viem";
import { parseEventLogs } from "viem";

import { assetRegistryAbi } from "../abis.ts";
import { ASSET_KINDS, type AssetKind, BPS } from "../constants.ts";
import type { DeployedContract } from "../deployment.ts";
import { InvalidArgumentError } from "../errors.ts";
import { sendContract } from "./sendContract.ts";

/** A registration refused before anything was sent. */
export class RegistrationRefusedError extends InvalidArgumentError {
  override name = "RegistrationRefusedError";
}

/** What a registration reads of the deployment: the registry's address (a whole `Deployment` has it). */
export type RegistryDeployment = { contracts: { AssetRegistry: Pick<DeployedContract, "address"> } };

export type Registration = {
  contentHash: Hex;
  kind: AssetKind;
  /** Where the asset's bundle manifest or metadata is published (its token URI). */
  uri: string;
  parents: readonly { assetId: bigint; weightBps: number }[];
};

/**
 * What would be refused, as `field: reason` naming where it came from (`source`, the manifest's file), or
 * undefined when the registry would take it.
 *
 * @example
 * await registrationProblem(publicClient, deployment, registration, "lib/coherence.bundle.json")
 * // "lib/coherence.bundle.json: parents[1].assetId: asset 40 is not registered (assets are 1..12)."
 */
export async function registrationProblem(
  publicClient: PublicClient,
  deployment: RegistryDeployment,
  registration: Registration,
  source: string,
): Promise<RegistrationRefusedError | undefined> {
  const existing = await publicClient.readContract({
    address: deployment.contracts.AssetRegistry.address,
    abi: assetRegistryAbi,
    functionName: "assetOf",
    args: [registration.contentHash],
  });
  if (existing !== 0n) {
    return new RegistrationRefusedError(
      `${source}: contentHash: ${registration.contentHash} is registered already, as asset ${existing}.`,
      {
        details: "if it is your work, have a verifier sign your authorship and take it back with ccn authorship claim",
      },
    );
  }
  return lineageProblem(publicClient, deployment, registration.parents, source);
}

/**
 * What the registry would refuse of a lineage, as `field: reason`: a parent that is not registered, weights over
 * 100%, or, for an asset taken back by its author (`reclaimedAsset`), a parent not registered before it.
 */
export async function lineageProblem(
  publicClient: PublicClient,
  deployment: RegistryDeployment,
  parents: Registration["parents"],
  source: string,
  reclaimedAsset?: bigint,
): Promise<RegistrationRefusedError | undefined> {
  const count = await publicClient.readContract({
    address: deployment.contracts.AssetRegistry.address,
    abi: assetRegistryAbi,
    functionName: "assetCount",
  });
  for (const [i, parent] of parents.entries()) {
    if (parent.assetId === 0n || parent.assetId > count) {
      return new RegistrationRefusedError(
        `${source}: parents[${i}].assetId: asset ${parent.assetId} is not registered (assets are 1..${count}).`,
      );
    }
    if (reclaimedAsset !== undefined && parent.assetId >= reclaimedAsset) {
      return new RegistrationRefusedError(
        `${source}: parents[${i}].assetId: asset ${parent.assetId} is not older than asset ${reclaimedAsset}, which it would be a parent of.`,
      );
    }
  }
  const share = parents.reduce((sum, p) => sum + p.weightBps, 0);
  if (share > BPS) {
    return new RegistrationRefusedError(`${source}: parents: weights add up to ${share} bps, more than ${BPS} (100%).`);
  }
  return undefined;
}

export type RegisteredAsset = {
  assetId: bigint;
  contentHash: Hex;
  parents: { assetId: bigint; weightBps: number }[];
  transactionHash: Hex;
};

/**
 * Registers from `walletClient`'s account, which becomes the owner, after `registrationProblem` found nothing.
 *
 * @example
 * const { assetId } = await registerAsset({ publicClient, walletClient, deployment, registration, source: "web" });
 */
export async function registerAsset(parameters: {
  publicClient: PublicClient;
  walletClient: WalletClient;
  deployment: RegistryDeployment;
  registration: Registration;
  source: string;
}): Promise<RegisteredAsset> {
  const { publicClient, walletClient, deployment, registration, source } = parameters;
  const problem = await registrationProblem(publicClient, deployment, registration, source);
  if (problem !== undefined) throw problem;
  const parents = registration.parents.map((p) => ({ assetId: p.assetId, weightBps: p.weightBps }));
  const { transactionHash, receipt } = await sendContract({
    publicClient,
    walletClient,
    address: deployment.contracts.AssetRegistry.address,
    abi: assetRegistryAbi,
    functionName: "register",
    args: [
      registration.contentHash,
      registration.uri,
      ASSET_KINDS.indexOf(registration.kind),
      parents.map((p) => p.assetId),
      parents.map((p) => p.weightBps),
    ],
  });
  const [registered] = parseEventLogs({ abi: assetRegistryAbi, logs: receipt.logs, eventName: "AssetRegistered" });
  return { assetId: registered!.args.assetId, contentHash: registration.contentHash, parents, transactionHash };
}
