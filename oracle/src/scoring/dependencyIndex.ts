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
import { type PinnedDependency, pinDependencies } from "./declaredDependencies.ts";
import { isCode } from "./fileKinds.ts";
import { privateNamesAsIdentifiers, shingleHashes, tokenize } from "./fingerprint.ts";
import { gitText } from "./git.ts";
import { openEvidence } from "./measureCode.ts";
import { compareStrings } from "./metric.ts";
import { integrityDigest, packageTarball, type RegistryAccess } from "./npmRegistry.ts";
import { repositoryManifests } from "./repositoryManifests.ts";
import { MAX_CORPUS_FILE_BYTES } from "./repositoryShingles.ts";
import { fullEvidence } from "./scorePreview.ts";
import { tarballFiles } from "./tarball.ts";

/**
 * Bumped whenever what a tarball's shingles are changes (the tokenizer, the files read): a cached file of another
 * version is never read.
 */
const SHINGLES_VERSION = 1;

/** What the record says of the index a change was measured against. */
export type DependencyIndexRecord = {
  /** `name@version` of each indexed package, sorted. */
  indexed: string[];
  /** `name@version` of each indexed package of more code than `maxPackageCodeBytes`, sorted; only when any is. */
  truncated?: string[];
  /** Each declared package that is not indexed, and why. */
  missing: { name: string; spec: string; reason: string }[];
};

/** The index: which indexed package a shingle is in, and the record. */
export type DependencyIndex = { packageOf: (shingle: number) => string | undefined; record: DependencyIndexRecord };

/** A package's shingles, and whether its code went past `maxPackageCodeBytes` (only its first bytes were read). */
type PackageShingles = { shingles: Uint32Array; truncated: boolean };

/**
 * Every shingle (sorted, unique) of the code files of a package tarball (a file, streamed): files of at most
 * {@link MAX_CORPUS_FILE_BYTES} each, and of at most `maxCodeBytes` together in archive order when it is set, so
 * memory is bounded by those and not by the package.
 */
export async function tarballShingles(path: string, k: number, maxCodeBytes?: number): Promise<PackageShingles> {
  const shingles = new Set<number>();
  let bytes = 0;
  for await (const file of tarballFiles(path, { wanted: isCode, maxFileBytes: MAX_CORPUS_FILE_BYTES })) {
    if (file.data.includes(0)) continue;
    bytes += file.data.length;
    if (maxCodeBytes !== undefined && bytes > maxCodeBytes) return { shingles: sorted(shingles), truncated: true };
    const text = privateNamesAsIdentifiers(file.data.toString("utf8"));
    for (const hash of shingleHashes(tokenize(text), k)) shingles.add(hash);
  }
  return { shingles: sorted(shingles), truncated: false };
}

function sorted(shingles: ReadonlySet<number>): Uint32Array {
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

const loaded = new Map<string, Promise<PackageShingles | { missing: string }>>();
const LOADED_LIMIT = 256;

/**
 * The shingles of one pinned package: from the cache on disk, or computed from its tarball and cached. The cached
 * file is the sorted shingles, then one word that is 1 when the package was truncated (a file of a config without
 * `maxPackageCodeBytes` has none).
 */
function packageShingles(
  access: RegistryAccess,
  pinned: Extract<PinnedDependency, { integrity: string }>,
  settings: DependencySettings,
  k: number,
): Promise<PackageShingles | { missing: string }> {
  const digest = integrityDigest(pinned.integrity);
  if (digest === undefined) return Promise.resolve({ missing: `unsupported integrity "${pinned.integrity}"` });
  const bound = settings.maxPackageCodeBytes;
  const name = `${digest[0]}-${digest[1]}.k${k}.v${SHINGLES_VERSION}${bound === undefined ? "" : `.c${bound}`}.u32`;
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
        const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        if (bound === undefined) return { shingles: words, truncated: false };
        return { shingles: words.subarray(0, words.length - 1), truncated: words[words.length - 1] === 1 };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      const computed = await tarballShingles(tarball.path, k, bound);
      let stored = computed.shingles;
      if (bound !== undefined) {
        stored = new Uint32Array(computed.shingles.length + 1);
        stored.set(computed.shingles);
        stored[computed.shingles.length] = computed.truncated ? 1 : 0;
      }
      await mkdir(directory, { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength));
      await rename(temporary, path);
      return computed;
    })();
    entry.catch(() => loaded.delete(key));
    loaded.set(key, entry);
    if (loaded.size > LOADED_LIMIT) loaded.delete(loaded.keys().next().value!);
  }
  return entry;
}

/**
 * The declared packages of a change, pinned: those the repository declares before and after it (a change that
 * drops a dependency while pasting its code still measures against it), each by the lockfile of the side that
 * declares it, or else as of the head commit's time. A name the head declares is not read again from the base; at
 * one commit, workspaces that lock a name to different versions declare each version.
 */
async function changeDependencies(
  repository: string,
  commits: { base: string; head: string },
  access: RegistryAccess,
  settings: DependencySettings,
): Promise<PinnedDependency[]> {
  const asOf = Number(await gitText(repository, ["show", "-s", "--format=%ct", commits.head]));
  const options = { registry: access.registry, workspaces: settings.pnpmAndWorkspaces === true };
  const byKey = new Map<string, PinnedDependency>();
  const namesOfHead = new Set<string>();
  for (const commit of [commits.head, commits.base]) {
    const { declared, workspaceNames, lockfile } = await repositoryManifests(repository, commit, options);
    const wanted = declared.filter((d) => !namesOfHead.has(d.name));
    const external = wanted.filter((d) => !workspaceNames.has(d.name));
    for (const d of wanted)
      if (workspaceNames.has(d.name))
        byKey.set(`${d.name} ${d.spec}`, { ...d, missing: "a workspace of this repository" });
    for (const pinned of await pinDependencies(external, lockfile, asOf, access)) {
      const key = "version" in pinned ? `${pinned.name}@${pinned.version}` : `${pinned.name} ${pinned.spec}`;
      if (!byKey.has(key)) byKey.set(key, pinned);
    }
    if (commit === commits.head) for (const d of declared) namesOfHead.add(d.name);
  }
  return [...byKey.values()].sort((a, b) => compareStrings(keyOf(a), keyOf(b)));
}

/** The order packages are indexed in: by name, then version (a declaration without one first). */
function keyOf(pinned: PinnedDependency): string {
  return `${pinned.name}\0${"version" in pinned ? pinned.version : ""}`;
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
  const pinned = await changeDependencies(repository, commits, access, settings);
  const record: DependencyIndexRecord = { indexed: [], missing: [] };
  const packages: { name: string; shingles: Uint32Array }[] = [];
  const truncated: string[] = [];
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
    if (shingles.truncated) truncated.push(name);
    packages.push({ name, shingles: shingles.shingles });
  }
  record.indexed.sort();
  // Only when a package was truncated, so records of configs without the bound stay as they were.
  if (truncated.length > 0) record.truncated = truncated.sort();
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
