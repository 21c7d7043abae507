/**
 * The npm packages a repository declares at a commit (in its package.json files: the root's and its workspaces'),
 * each pinned to one published tarball: the version and integrity its lockfile locked (lockfiles.ts), or else the highest version its package.json
 * range allowed among those published by the time of the commit, which is what `npm install` would have taken
 * then and which no later publication changes. A declaration that names no registry version (a git URL, a file,
 * a workspace) is returned with why it cannot be pinned, to be recorded.
 */
import semver from "semver";
import type { Lockfile } from "./lockfiles.ts";
import { type PublishedVersion, publishedVersions, type RegistryAccess } from "./npmRegistry.ts";

/** The dependency fields of package.json that are read. */
export const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
] as const;

/**
 * A declared dependency: its name and range as declared, and (when not the root's) the folder of the workspace
 * whose package.json declares it.
 */
export type DeclaredDependency = { name: string; spec: string; workspace?: string };

/** A declared dependency pinned to a tarball, or why it could not be. */
export type PinnedDependency =
  | (DeclaredDependency & { version: string; integrity: string; tarball: string; pinnedBy: "lockfile" | "date" })
  | (DeclaredDependency & { missing: string });

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The dependencies package.json declares, sorted by name, each once (the first field of {@link DEPENDENCY_FIELDS}
 * naming it wins).
 *
 * @example
 * declaredDependencies('{"devDependencies":{"ava":"^6.0.0"}}') // [{ name: "ava", spec: "^6.0.0" }]
 */
export function declaredDependencies(packageJson: string | undefined): DeclaredDependency[] {
  const manifest = parseJson(packageJson);
  if (typeof manifest !== "object" || manifest === null) return [];
  const found = new Map<string, string>();
  for (const field of DEPENDENCY_FIELDS) {
    const entries = (manifest as Record<string, unknown>)[field];
    if (typeof entries !== "object" || entries === null) continue;
    for (const [name, spec] of Object.entries(entries))
      if (typeof spec === "string" && !found.has(name)) found.set(name, spec);
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, spec]) => ({ name, spec }));
}

/** The highest version `spec` allows among `versions` (the registry's `latest` is not consulted: it moves). */
function highestSatisfying(versions: readonly PublishedVersion[], spec: string): PublishedVersion | undefined {
  const best = semver.maxSatisfying(
    versions.map((v) => v.version),
    spec,
  );
  return best === null ? undefined : versions.find((v) => v.version === best);
}

/**
 * Pins each declared dependency of a commit to a published tarball (see the module's comment). `asOf` is the
 * commit's time in seconds since the epoch.
 *
 * @throws {DependencyRegistryError} when a range must be resolved and the registry cannot be read.
 */
export async function pinDependencies(
  declared: readonly DeclaredDependency[],
  locked: Lockfile,
  asOf: number,
  access: RegistryAccess,
): Promise<PinnedDependency[]> {
  const pinned: PinnedDependency[] = [];
  for (const dependency of declared) {
    const lock = locked(dependency.name, dependency.workspace ?? "");
    if (lock?.version !== undefined && lock.integrity !== undefined && lock.resolved !== undefined) {
      if (!/^https?:/.test(lock.resolved)) {
        pinned.push({ ...dependency, missing: `locked to ${lock.resolved}, not a registry tarball` });
        continue;
      }
      const { version, integrity, resolved } = lock;
      pinned.push({ ...dependency, version, integrity, tarball: resolved, pinnedBy: "lockfile" });
      continue;
    }
    if (semver.validRange(dependency.spec) === null) {
      pinned.push({ ...dependency, missing: "not a registry version range" });
      continue;
    }
    const versions = await publishedVersions(access, dependency.name, asOf);
    if (versions === undefined) {
      pinned.push({ ...dependency, missing: "the registry has no such package" });
      continue;
    }
    const best = highestSatisfying(versions, dependency.spec);
    if (best === undefined) pinned.push({ ...dependency, missing: "no version published by then satisfies it" });
    else {
      const { version, integrity, tarball } = best;
      pinned.push({ ...dependency, version, integrity, tarball, pinnedBy: "date" });
    }
  }
  return pinned;
}
