/**
 * A fingerprint index of the npm packages a repository declares (scoring v2 configs with `dependencies`): every
 * shingle of the code of each declared package's published tarball, pinned by version and integrity
 * (declaredDependencies.ts). Code pasted from a dependency, without its license header or vendor path, is then
 * someone else's work the novelty metric can see. The shingles of a tarball depend on its bytes and the
 * tokenizer only, so they are cached on disk under the tarball's integrity beside it: after the first fetch
 * (or an operator's pre-build: `ccn dependencies index`) scoring reads no network. A declared package that
 * cannot be indexed is listed in the record with why, so a difference is never silent.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createScoringConfig, type DependencySettings, dependencyCacheOf } from "./config.ts";
import { declaredDependencies, type PinnedDependency, pinDependencies } from "./declaredDependencies.ts";
import { isCode } from "./fileKinds.ts";
import { privateNamesAsIdentifiers, shingleHashes, tokenize } from "./fingerprint.ts";
import { gitText, readObjects, runGit } from "./git.ts";
import { openEvidence } from "./measureCode.ts";
import { integrityDigest, packageTarball, type RegistryAccess } from "./npmRegistry.ts";
import { MAX_CORPUS_FILE_BYTES } from "./repositoryShingles.ts";
import { fullEvidence } from "./scorePreview.ts";
import { readTarball } from "./tarball.ts";

/**
 * Bumped whenever what a tarball's shingles are changes (the tokenizer, the files read): a cached file of another
 * version is never read.
 */
const SHINGLES_VERSION = 1;

/** What the record says of the index a change was measured against. */
export type DependencyIndexRecord = {
  /** `name@version` of each indexed package, sorted. */
  indexed: string[];
  /** Each declared package that is not indexed, and why. */
  missing: { name: string; spec: string; reason: string }[];
};

/** The index: which indexed package a shingle is in, and the record. */
export type DependencyIndex = { packageOf: (shingle: number) => string | undefined; record: DependencyIndexRecord };

/** Every shingle (sorted, unique) of the code files of a package tarball. */
export function tarballShingles(gzipped: Buffer, k: number): Uint32Array {
  const shingles = new Set<number>();
  for (const file of readTarball(gzipped)) {
    if (!isCode(file.path) || file.data.length > MAX_CORPUS_FILE_BYTES || file.data.includes(0)) continue;
    const text = privateNamesAsIdentifiers(file.data.toString("utf8"));
    for (const hash of shingleHashes(tokenize(text), k)) shingles.add(hash);
  }
  return Uint32Array.from(shingles).sort();
}

function has(sorted: Uint32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = sorted[middle]!;
    if (found === value) return true;
    if (found < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

const loaded = new Map<string, Promise<Uint32Array | { missing: string }>>();
const LOADED_LIMIT = 256;

/** The shingles of one pinned package: from the cache on disk, or computed from its tarball and cached. */
function packageShingles(
  access: RegistryAccess,
  pinned: Extract<PinnedDependency, { integrity: string }>,
  settings: DependencySettings,
  k: number,
): Promise<Uint32Array | { missing: string }> {
  const digest = integrityDigest(pinned.integrity);
  if (digest === undefined) return Promise.resolve({ missing: `unsupported integrity "${pinned.integrity}"` });
  const name = `${digest[0]}-${digest[1]}.k${k}.v${SHINGLES_VERSION}.u32`;
  const key = `${access.cache}\0${name}\0${settings.maxTarballBytes}`;
  let entry = loaded.get(key);
  if (entry === undefined) {
    entry = (async () => {
      const directory = join(access.cache, "shingles");
      const path = join(directory, name);
      const tarball = await packageTarball(access, pinned.tarball, pinned.integrity, settings.maxTarballBytes);
      if ("missing" in tarball) return tarball;
      try {
        const bytes = await readFile(path);
        return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      const shingles = tarballShingles(tarball.data, k);
      await mkdir(directory, { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, Buffer.from(shingles.buffer, shingles.byteOffset, shingles.byteLength));
      await rename(temporary, path);
      return shingles;
    })();
    entry.catch(() => loaded.delete(key));
    loaded.set(key, entry);
    if (loaded.size > LOADED_LIMIT) loaded.delete(loaded.keys().next().value!);
  }
  return entry;
}

/** The root manifest files of a commit's tree, by name. */
async function rootManifests(repository: string, commit: string): Promise<Map<string, string>> {
  const wanted = ["package.json", "package-lock.json", "npm-shrinkwrap.json"];
  const listing = await runGit(repository, ["ls-tree", "-z", commit, "--", ...wanted]);
  const entries = listing.stdout
    .toString("utf8")
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => {
      const tab = entry.indexOf("\t");
      return { object: entry.slice(0, tab).split(" ")[2]!, path: entry.slice(tab + 1) };
    });
  const contents = await readObjects(
    repository,
    entries.map((e) => e.object),
  );
  return new Map(entries.map((e, i) => [e.path, contents[i]!.toString("utf8")]));
}

/**
 * The declared packages of a change, pinned: those the repository declares before and after it (a change that
 * drops a dependency while pasting its code still measures against it), each by the lockfile of the side that
 * declares it, or else as of the head commit's time.
 */
async function changeDependencies(
  repository: string,
  commits: { base: string; head: string },
  access: RegistryAccess,
): Promise<PinnedDependency[]> {
  const asOf = Number(await gitText(repository, ["show", "-s", "--format=%ct", commits.head]));
  const byName = new Map<string, PinnedDependency>();
  for (const commit of [commits.head, commits.base]) {
    const manifests = await rootManifests(repository, commit);
    const declared = declaredDependencies(manifests.get("package.json")).filter((d) => !byName.has(d.name));
    const lockfile = manifests.get("npm-shrinkwrap.json") ?? manifests.get("package-lock.json");
    for (const pinned of await pinDependencies(declared, lockfile, asOf, access)) byName.set(pinned.name, pinned);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The dependency index of a change between `base` (a commit, or the empty tree) and `head`, for `k`-token shingles.
 * `cache` is this machine's directory for the registry's tarballs and their shingles.
 *
 * @example
 * const index = await dependencyIndex(repo, { base, head }, config.dependencies, ".ccn/dependencies", 25);
 * index.record.indexed // ["left-pad@1.3.0"]
 * @throws {DependencyRegistryError} when the registry must be read and cannot be.
 */
export async function dependencyIndex(
  repository: string,
  commits: { base: string; head: string },
  settings: DependencySettings,
  cache: string,
  k: number,
): Promise<DependencyIndex> {
  const access = { registry: settings.registry, cache };
  const pinned = await changeDependencies(repository, commits, access);
  const record: DependencyIndexRecord = { indexed: [], missing: [] };
  const packages: { name: string; shingles: Uint32Array }[] = [];
  for (const dependency of pinned) {
    if (record.indexed.length >= settings.maxPackages) {
      record.missing.push({ ...pick(dependency), reason: `over maxPackages (${settings.maxPackages})` });
      continue;
    }
    const shingles = "missing" in dependency ? dependency : await packageShingles(access, dependency, settings, k);
    if ("missing" in shingles) {
      record.missing.push({ ...pick(dependency), reason: shingles.missing });
      continue;
    }
    const name = `${dependency.name}@${(dependency as { version: string }).version}`;
    record.indexed.push(name);
    packages.push({ name, shingles });
  }
  record.indexed.sort();
  return {
    packageOf: (shingle) => packages.find((p) => has(p.shingles, shingle))?.name,
    record,
  };
}

function pick(dependency: PinnedDependency): { name: string; spec: string } {
  return { name: dependency.name, spec: dependency.spec };
}

/**
 * Fetches and fingerprints every package a contribution declares, under the published default config, so that
 * scoring it later reads only this machine's cache: what an operator runs ahead of an epoch, and what
 * `ccn dependencies index` prints. `evidence` is a commit or `A..B` of `repository`.
 *
 * @example
 * const record = await prebuildDependencyIndex({ repository: "/src/app", evidence: "HEAD" });
 * record.missing // [{ name: "typescript", spec: "^5.9.3", reason: "the tarball is 4377468 bytes, over maxTarballBytes (1048576)" }]
 * @throws {DependencyRegistryError} when the registry cannot be read.
 */
export async function prebuildDependencyIndex(parameters: {
  repository: string;
  evidence: string;
  cache?: string | undefined;
}): Promise<DependencyIndexRecord & { cache: string }> {
  const config = createScoringConfig({ "0": { url: parameters.repository, path: parameters.repository } });
  const cache = parameters.cache ?? dependencyCacheOf(config);
  const evidence = await fullEvidence(parameters.repository, parameters.evidence);
  const { path, resolved } = await openEvidence("0", evidence, config.repositories);
  const { record } = await dependencyIndex(
    path,
    { base: resolved.base, head: resolved.head },
    config.dependencies!,
    cache,
    config.curves.novelty.shingleTokens,
  );
  return { ...record, cache };
}
