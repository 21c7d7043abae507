/**
 * Suggested lineage: the registered assets a composable is built from, with weights the owner then edits. Its
 * dependencies are read from package.json (versions from the lockfile), Solidity remappings and submodules, and
 * a CycloneDX `bom.json` when present; each is matched to an asset by the npm package or repository that asset's
 * own bundle manifest declares; each matched asset is weighed by how many of the composable's own files import it
 * (the import graph, not the dependency list: weighParents.ts has the rule). Every weight comes with the files
 * that earn it, and every dependency that earns none is listed with the reason.
 */
import path from "node:path";

import { type AssetKind, BUNDLE_MANIFEST_FILE, bundleManifestSchema } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import { fileExists } from "./fileExists.ts";
import { type ImportedDependency, importedDependencies } from "./importedDependencies.ts";
import { readNpmDependencies } from "./npmDependencies.ts";
import { readPackageJson, repositoryOf } from "./packageJson.ts";
import type { RegisteredAsset, RegisteredAssets } from "./registeredAssets.ts";
import { repositoryKey } from "./repositoryKey.ts";
import { readSbomComponents } from "./sbomComponents.ts";
import { type DependencyTarget, readSolidityProject } from "./solidityProject.ts";
import { listSourceFiles, type SourceFiles } from "./sourceFiles.ts";
import { weighParents } from "./weighParents.ts";

export type SuggestLineageParameters = {
  /** The composable's directory. */
  readonly directory: string;
  readonly assets: RegisteredAssets;
  /** The share of the composable's revenue its parents get together, in bps: the owner's choice. */
  readonly upstreamBps: number;
};

/** A dependency and the composable's files that import it. */
export type DependencyEvidence = {
  /** An npm package, a submodule's path (`lib/forge-std`) or a remapping (`@x/=vendor/x/`). */
  readonly name: string;
  readonly kind: "npm" | "submodule" | "remapping";
  /** Where it is declared: `dependencies ^2.57.20`, `bom.json`, `.gitmodules`, `remappings`. */
  readonly declared: readonly string[];
  /** The version the lockfile or SBOM resolved. */
  readonly version: string | undefined;
  /** Its source repository, as its package.json, .gitmodules or the SBOM writes it. */
  readonly repository: string | undefined;
  readonly files: readonly string[];
};

export type MatchedDependency = DependencyEvidence & { readonly matchedBy: "package" | "repository" };

/** What a composable or an asset says it is (a bundle manifest has all of it). */
export type Composable = {
  readonly name: string;
  readonly kind: AssetKind;
  readonly version?: string | undefined;
  readonly licence?: string | undefined;
  readonly repository?: string | undefined;
  readonly package?: string | undefined;
};

/** An asset some dependencies were matched to. */
export type AssetEvidence = {
  readonly assetId: bigint;
  /** Its bundle manifest's name and path (as the assets file gives it). */
  readonly name: string;
  readonly bundle: string;
  /** Every file importing any of its dependencies, sorted. */
  readonly files: readonly string[];
  readonly dependencies: readonly MatchedDependency[];
};

export type LineageSuggestion = {
  /** What the composable says it is: its bundle manifest, else its package.json, else its directory's name. */
  readonly composable: Composable;
  readonly upstreamBps: number;
  readonly sourceFiles: { readonly origin: SourceFiles["origin"]; readonly count: number };
  /** In rank order (most importing files first); the weights sum to `upstreamBps` when there is one. */
  readonly parents: readonly (AssetEvidence & { readonly weightBps: number })[];
  /** Assets matched but given no weight, with the reason. */
  readonly unweighted: readonly (AssetEvidence & { readonly reason: string })[];
  /** Dependencies no registered asset declares. */
  readonly unmapped: readonly (DependencyEvidence & { readonly reason: string })[];
  /** Imports that are not lineage, with the reason. */
  readonly ignored: readonly { readonly name: string; readonly reason: string; readonly files: readonly string[] }[];
};

/** Evidence while it is gathered. */
type Evidence = {
  -readonly [K in keyof DependencyEvidence]: K extends "files"
    ? Set<string>
    : K extends "declared"
      ? string[]
      : DependencyEvidence[K];
};

/**
 * @example
 * const suggestion = await suggestLineage({ directory: "frontend", assets, upstreamBps: 2000 });
 * suggestion.parents[0] // { assetId: 3n, weightBps: 1500, files: ["src/App.tsx", …], dependencies: [{ name: "@coherence/protocol", … }] }
 */
export async function suggestLineage(parameters: SuggestLineageParameters): Promise<LineageSuggestion> {
  const { directory, assets, upstreamBps } = parameters;
  const sources = await listSourceFiles(directory);
  const declared = await declaredDependencies(directory);
  const evidence = new Map<string, Evidence>();
  const ignored = new Map<string, { reason: string; files: Set<string> }>();
  for (const [name, dependency] of declared) if (dependency.lineage) evidence.set(`npm:${name}`, dependency.evidence);

  const project = await readSolidityProject(directory);
  for (const imported of await importedDependencies(directory, sources.files, project)) {
    const problem = notLineage(imported, declared);
    if (problem !== undefined) {
      const entry = ignored.get(imported.dependency.name) ?? { reason: problem, files: new Set<string>() };
      entry.files.add(imported.file);
      ignored.set(imported.dependency.name, entry);
      continue;
    }
    const { dependency } = imported;
    const key = `${dependency.kind}:${dependency.name}`;
    const entry = evidence.get(key) ?? importedEvidence(dependency, declared.get(dependency.name)?.evidence);
    entry.files.add(imported.file);
    evidence.set(key, entry);
  }

  const matched = new Map<bigint, { asset: RegisteredAsset; dependencies: MatchedDependency[] }>();
  const unmapped: (DependencyEvidence & { reason: string })[] = [];
  for (const entry of evidence.values()) {
    const dependency = frozen(entry);
    const match = matchAsset(dependency, assets);
    if (match.asset === undefined) {
      unmapped.push({ ...dependency, reason: match.reason });
      continue;
    }
    const group = matched.get(match.asset.assetId) ?? { asset: match.asset, dependencies: [] };
    matched.set(match.asset.assetId, group);
    group.dependencies.push({ ...dependency, matchedBy: match.matchedBy });
  }

  const candidates: AssetEvidence[] = [...matched.values()].map(({ asset, dependencies }) => ({
    assetId: asset.assetId,
    name: asset.manifest.name,
    bundle: asset.bundle,
    files: [...new Set(dependencies.flatMap((d) => d.files))].sort(),
    dependencies: dependencies.sort((a, b) => compareText(a.name, b.name)),
  }));
  const imported = candidates.filter((c) => c.files.length > 0);
  const { weighted, unweighted } = weighParents(
    imported.map((c) => ({ ...c, files: c.files.length, evidence: c })),
    upstreamBps,
  );
  return {
    composable: await composableOf(directory),
    upstreamBps,
    sourceFiles: { origin: sources.origin, count: sources.files.length },
    parents: weighted.map(({ evidence: asset, weightBps }) => ({ ...asset, weightBps })),
    unweighted: [
      ...unweighted.map(({ candidate, reason }) => ({ ...candidate.evidence, reason })),
      ...candidates
        .filter((c) => c.files.length === 0)
        .map((c) => ({ ...c, reason: "no file of the composable imports it" })),
    ].sort((a, b) => (a.assetId < b.assetId ? -1 : 1)),
    unmapped: unmapped.sort((a, b) => b.files.length - a.files.length || compareText(a.name, b.name)),
    ignored: [...ignored]
      .map(([name, { reason, files }]) => ({ name, reason, files: [...files].sort() }))
      .sort((a, b) => compareText(a.name, b.name)),
  };
}

type Declared = { evidence: Evidence; lineage: boolean };

/**
 * The npm packages package.json and bom.json declare. devDependencies are tools that build and test the
 * composable, not what it is built from: they are lineage only when Solidity imports them (compiled in) or the
 * SBOM lists them as shipped.
 */
async function declaredDependencies(directory: string): Promise<Map<string, Declared>> {
  const declared = new Map<string, Declared>();
  for (const npm of await readNpmDependencies(directory)) {
    const evidence = { ...emptyEvidence(npm.name, "npm"), version: npm.version, repository: npm.repository };
    evidence.declared.push(`${npm.scope} ${npm.range}`);
    declared.set(npm.name, { evidence, lineage: npm.scope !== "devDependencies" });
  }
  const sbom = path.join(directory, "bom.json");
  for (const component of (await fileExists(sbom)) ? await readSbomComponents(sbom) : []) {
    const known = declared.get(component.name);
    const evidence = known?.evidence ?? emptyEvidence(component.name, "npm");
    evidence.version ??= component.version;
    evidence.repository ??= component.repository;
    evidence.declared.push("bom.json");
    declared.set(component.name, { evidence, lineage: true });
  }
  return declared;
}

/** Why an import is not lineage, or undefined when it is. */
function notLineage(imported: ImportedDependency, declared: ReadonlyMap<string, Declared>): string | undefined {
  if (imported.language === "solidity" || imported.dependency.kind !== "npm") return undefined;
  const known = declared.get(imported.dependency.name);
  if (known === undefined) return "imported, but declared in neither package.json nor bom.json";
  if (!known.lineage) return "a devDependency: a tool that builds or tests the composable, not part of what it is";
  return undefined;
}

function matchAsset(
  dependency: DependencyEvidence,
  assets: RegisteredAssets,
): { asset: RegisteredAsset; matchedBy: "package" | "repository" } | { asset: undefined; reason: string } {
  const byPackage = dependency.kind === "npm" ? assets.byPackage(dependency.name) : undefined;
  if (byPackage !== undefined) return { asset: byPackage, matchedBy: "package" };
  const key = dependency.repository === undefined ? undefined : repositoryKey(dependency.repository);
  const byRepository = key === undefined ? [] : assets.byRepository(key);
  if (byRepository.length === 1) return { asset: byRepository[0]!, matchedBy: "repository" };
  if (byRepository.length > 1) {
    const ids = byRepository.map((a) => a.assetId).join(", ");
    return {
      asset: undefined,
      reason: `its repository ${key} is declared by assets ${ids}: declare its package in one`,
    };
  }
  return { asset: undefined, reason: "no registered asset declares its package or repository" };
}

/** The evidence of a dependency first seen imported: a Solidity import of a devDependency, a submodule, a remapping. */
function importedEvidence(dependency: DependencyTarget, declared: Evidence | undefined): Evidence {
  const evidence = emptyEvidence(dependency.name, dependency.kind);
  if (declared !== undefined) return { ...declared, declared: [...declared.declared], files: evidence.files };
  if (dependency.kind === "submodule") return { ...evidence, repository: dependency.url, declared: [".gitmodules"] };
  if (dependency.kind === "remapping") return { ...evidence, declared: ["remappings"] };
  return evidence;
}

function emptyEvidence(name: string, kind: DependencyEvidence["kind"]): Evidence {
  return { name, kind, declared: [], version: undefined, repository: undefined, files: new Set() };
}

function frozen(entry: Evidence): DependencyEvidence {
  return { ...entry, files: [...entry.files].sort() };
}

async function composableOf(directory: string): Promise<Composable> {
  const manifestFile = path.join(directory, BUNDLE_MANIFEST_FILE);
  if (await fileExists(manifestFile)) {
    const {
      name,
      kind,
      version,
      licence,
      repository,
      package: npm,
    } = await readJsonFile(bundleManifestSchema, manifestFile);
    return { name, kind, version, licence, repository, package: npm };
  }
  const pkg = await readPackageJson(directory);
  return {
    name: pkg?.name ?? path.basename(path.resolve(directory)),
    version: pkg?.version,
    licence: typeof pkg?.license === "string" ? pkg.license : undefined,
    repository: pkg === undefined ? undefined : repositoryOf(pkg),
    package: pkg?.name,
    kind: "Code",
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
