/**
 * A scenario asset's ownership after registration: a squatted asset reclaimed by its owner with the verifier's
 * statement and the lineage the scenario gives it, a verified author, attesters restricted to the scenario's.
 */
import { assetRegistryAbi } from "@coherence/protocol";
import type { Abi, Address, Hex, LocalAccount, PublicClient } from "viem";

import { signAuthorship } from "../operator/authorship.ts";
import type { ScenarioChain } from "./applyScenario.ts";
import type { Scenario } from "./scenarioTypes.ts";

/** How long a statement signed for a scenario stays valid, in chain seconds. */
const STATEMENT_LIFETIME = 3_600n;

export type SettleAssetOwnershipParameters = {
  chain: ScenarioChain & { publicClient: PublicClient };
  scenario: Scenario;
  asset: Scenario["assets"][number];
  assetId: bigint;
  contentHash: Hex;
  /** The asset's lineage as the scenario gives it, parents by id. */
  parents: { assetId: bigint; weightBps: number }[];
  accounts: Map<string, LocalAccount>;
  send: (from: string, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) => Promise<unknown>;
};

export async function settleAssetOwnership(parameters: SettleAssetOwnershipParameters): Promise<void> {
  const { chain, scenario, asset, assetId, accounts, send } = parameters;
  const registry = chain.deployment.contracts.AssetRegistry.address;
  const owner = accounts.get(asset.owner)!;
  if (asset.squatter !== undefined || asset.verified === true) {
    const { timestamp } = await chain.publicClient.getBlock();
    const authorship = await signAuthorship({
      verifier: accounts.get(scenario.roles.verifier!)!,
      deployment: chain.deployment,
      contentHash: parameters.contentHash,
      author: owner.address,
      deadline: timestamp + STATEMENT_LIFETIME,
    });
    if (asset.squatter !== undefined) {
      await send(asset.owner, registry, assetRegistryAbi as Abi, "reclaim", [
        assetId,
        authorship,
        parameters.parents.map((p) => p.assetId),
        parameters.parents.map((p) => p.weightBps),
      ]);
    } else {
      await send(asset.owner, registry, assetRegistryAbi as Abi, "verifyAuthorship", [assetId, authorship]);
    }
  }
  if (asset.attestersRestricted === true) {
    for (const attester of scenario.roles.attesters) {
      await send(asset.owner, registry, assetRegistryAbi as Abi, "setAttesterChosen", [
        assetId,
        accounts.get(attester)!.address,
        true,
      ]);
    }
    await send(asset.owner, registry, assetRegistryAbi as Abi, "setAttestersRestricted", [assetId, true]);
  }
}
