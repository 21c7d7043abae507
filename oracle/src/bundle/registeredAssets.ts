/**
 * The registered assets a composable's dependencies are matched to: `--assets FILE`, a JSON file
 * `{ "assets": [{ "assetId": "3", "bundle": "path/to/coherence.bundle.json" }] }` whose bundle paths are relative
 * to it. Each asset is found by the npm `package` or the `repository` its own bundle manifest declares. Two assets
 * may share a repository (a monorepo's packages), so a repository finds every asset declaring it; two declaring
 * the same package would leave a dependency's asset ambiguous, so that is an error naming both.
 */
import path from "node:path";

import {
  array,
  type BundleManifest,
  bundleManifestSchema,
  decimal,
  firstRepeat,
  MalformedFieldError,
  object,
  refine,
  string,
} from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { repositoryKey } from "./repositoryKey.ts";

const assetsFileSchema = object({
  assets: refine(
    array(
      object({
        assetId: refine(decimal(), (id, problem) => {
          if (id === 0n) problem([], "is not an asset id: ids start at 1");
        }),
        bundle: string({ minLength: 1 }),
      }),
    ),
    (assets, problem) => {
      const repeat = firstRepeat(assets, (a) => String(a.assetId));
      if (repeat !== undefined) problem([repeat, "assetId"], `asset ${assets[repeat]!.assetId} is listed twice`);
    },
  ),
});

/** A registered asset and its bundle manifest. */
export type RegisteredAsset = {
  readonly assetId: bigint;
  /** The bundle manifest's path as the assets file gives it. */
  readonly bundle: string;
  readonly manifest: BundleManifest;
};

/** The assets of an assets file, found by package or repository. */
export type RegisteredAssets = {
  byId(assetId: bigint): RegisteredAsset | undefined;
  byPackage(name: string): RegisteredAsset | undefined;
  /** Every asset declaring the repository, by {@link repositoryKey}. */
  byRepository(key: string): readonly RegisteredAsset[];
};

/**
 * @example
 * const assets = await readRegisteredAssets("assets.json");
 * assets.byPackage("@coherence/protocol")?.assetId // 3n
 */
export async function readRegisteredAssets(file: string): Promise<RegisteredAssets> {
  const { assets } = await readJsonFile(assetsFileSchema, file);
  const packages = new Map<string, { asset: RegisteredAsset; index: number }>();
  const repositories = new Map<string, RegisteredAsset[]>();
  const ids = new Map<bigint, RegisteredAsset>();
  for (const [index, { assetId, bundle }] of assets.entries()) {
    const manifest = await readJsonFile(bundleManifestSchema, path.join(path.dirname(file), bundle));
    const asset = { assetId, bundle, manifest };
    ids.set(assetId, asset);
    if (manifest.package !== undefined) {
      const earlier = packages.get(manifest.package);
      if (earlier !== undefined) {
        throw new MalformedFieldError(
          `assets[${index}].bundle`,
          `${bundle} declares the package ${manifest.package}, as assets[${earlier.index}] (${earlier.asset.bundle}) does: which asset it is would be ambiguous`,
          { source: file },
        );
      }
      packages.set(manifest.package, { asset, index });
    }
    const key = repositoryKey(manifest.repository);
    if (key !== undefined) repositories.set(key, [...(repositories.get(key) ?? []), asset]);
  }
  return {
    byId: (assetId) => ids.get(assetId),
    byPackage: (name) => packages.get(name)?.asset,
    byRepository: (key) => repositories.get(key) ?? [],
  };
}
