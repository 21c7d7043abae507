/**
 * Registers a scenario's asset the way its owner would: an asset described by a bundle manifest goes through
 * `registerBundle`, the code behind `ccn asset register` (its content hashed from the declared files, its parents
 * checked on-chain); the manifest must say what the scenario says of the asset (its kind, and its lineage as
 * registered), so the scenario and the bundle cannot tell two stories. An asset without a bundle is registered
 * with a content hash of the scenario's name and its key.
 */
import path from "node:path";
import { type BundleManifest, bundleManifestSchema, type Deployment } from "@coherence/protocol";
import { type RegisteredAsset, registerAsset } from "@coherence/protocol/actions";
import { readJsonFile } from "@coherence/protocol/node";
import { keccak256, type PublicClient, stringToBytes, type WalletClient } from "viem";

import { registerBundle } from "../actions/registerBundle.ts";
import type { Scenario } from "./scenarioTypes.ts";
import { ScenarioError } from "./validateScenario.ts";

type ScenarioAsset = Scenario["assets"][number];
type Lineage = { assetId: bigint; weightBps: number }[];

/** Makes each asset's `bundle` path absolute, resolved against the scenario file's directory. */
export function resolveBundlePaths(scenario: Scenario, file: string): Scenario {
  const directory = path.dirname(path.resolve(file));
  return {
    ...scenario,
    assets: scenario.assets.map((a) =>
      a.bundle === undefined ? a : { ...a, bundle: path.resolve(directory, a.bundle) },
    ),
  };
}

export type RegisterScenarioAssetParameters = {
  publicClient: PublicClient;
  /** The registrant: the owner, or a squatter who registers the owner's content first. */
  walletClient: WalletClient;
  deployment: Deployment;
  scenario: Scenario;
  index: number;
  /** The lineage the scenario gives the asset, parents by id. */
  parents: Lineage;
  /** Register without lineage (a squatter does; the owner reclaims the asset with `parents`). */
  squatting: boolean;
};

/**
 * @example
 * const { assetId, contentHash } = await registerScenarioAsset({ ...clients, scenario, index: 4, parents, squatting: false });
 */
export async function registerScenarioAsset(parameters: RegisterScenarioAssetParameters): Promise<RegisteredAsset> {
  const { scenario, index, parents, squatting } = parameters;
  const asset = scenario.assets[index]!;
  const uri = asset.uri ?? "";
  if (asset.bundle === undefined) {
    return registerAsset({
      ...parameters,
      registration: {
        contentHash: keccak256(stringToBytes(`${scenario.name}/${asset.key}`)),
        kind: asset.kind,
        uri,
        parents: squatting ? [] : parents,
      },
      source: `assets[${index}]`,
    });
  }
  const manifest = await readJsonFile(bundleManifestSchema, asset.bundle);
  checkAgrees(asset, index, manifest, parents);
  return registerBundle({
    ...parameters,
    manifestFile: asset.bundle,
    manifest: squatting ? { ...manifest, parents: [] } : manifest,
    uri,
  });
}

function checkAgrees(asset: ScenarioAsset, index: number, manifest: BundleManifest, parents: Lineage): void {
  const field = `assets[${index}].bundle`;
  if (manifest.kind !== asset.kind) {
    throw new ScenarioError(field, `${asset.bundle} says kind ${manifest.kind}; the scenario says ${asset.kind}`);
  }
  const shown = (lineage: readonly { assetId: bigint; weightBps: number }[]) =>
    lineage.map((p) => `${p.assetId}:${p.weightBps}`).join(", ") || "none";
  if (shown(manifest.parents) !== shown(parents)) {
    throw new ScenarioError(
      field,
      `${asset.bundle} gives parents ${shown(manifest.parents)}; the scenario's parents are registered as ${shown(parents)}`,
    );
  }
}
