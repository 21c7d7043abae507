/**
 * A composable's npm dependencies: what its package.json declares, with the version its package-lock.json (the
 * nearest one up the directory tree, so a workspace's is the root's) resolved, and the repository the installed
 * package's own package.json names, looked up as Node resolves the package (node_modules here, then above).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { boolean, object, optional, record, string } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { fileExists } from "./fileExists.ts";
import { DEPENDENCY_SCOPES, type DependencyScope, readPackageJson, repositoryOf } from "./packageJson.ts";

export type NpmDependency = {
  readonly name: string;
  /** The range package.json declares (`^2.57.20`). */
  readonly range: string;
  readonly scope: DependencyScope;
  /** The version the lockfile resolved, when there is one. */
  readonly version: string | undefined;
  /** The repository the installed package declares, as written, when it is installed. */
  readonly repository: string | undefined;
};

const lockSchema = object(
  {
    packages: optional(
      record(
        object(
          { version: optional(string()), resolved: optional(string()), link: optional(boolean()) },
          { allowExtra: true },
        ),
      ),
    ),
  },
  { allowExtra: true },
);

/**
 * @example
 * (await readNpmDependencies("frontend")).find((d) => d.name === "viem") // { range: "^2.57.20", version: "2.57.20", … }
 */
export async function readNpmDependencies(dir: string): Promise<NpmDependency[]> {
  const pkg = await readPackageJson(dir);
  if (pkg === undefined) return [];
  const lock = await findLock(dir);
  const lockPackages = lock === undefined ? {} : ((await readJsonFile(lockSchema, lock.file)).packages ?? {});
  const searched = searchedDirectories(dir, lock?.directory);
  const dependencies: NpmDependency[] = [];
  const seen = new Set<string>();
  for (const scope of DEPENDENCY_SCOPES) {
    for (const [name, range] of Object.entries(pkg[scope] ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      dependencies.push({
        name,
        range,
        scope,
        version: lock === undefined ? undefined : lockedVersion(lockPackages, lock.directory, searched, name),
        repository: await installedRepository(searched, name),
      });
    }
  }
  return dependencies;
}

/** The nearest package-lock.json at or above `dir`. */
async function findLock(dir: string): Promise<{ file: string; directory: string } | undefined> {
  for (let directory = path.resolve(dir); ; directory = path.dirname(directory)) {
    const file = path.join(directory, "package-lock.json");
    if (await fileExists(file)) return { file, directory };
    if (path.dirname(directory) === directory) return undefined;
  }
}

/** The directories whose node_modules Node searches from `dir`, nearest first, up to `top` (or the root). */
function searchedDirectories(dir: string, top: string | undefined): string[] {
  const out: string[] = [];
  for (let directory = path.resolve(dir); ; directory = path.dirname(directory)) {
    out.push(directory);
    if (directory === top || path.dirname(directory) === directory) return out;
  }
}

type LockPackages = Readonly<Record<string, { version?: string; resolved?: string; link?: boolean }>>;

function lockedVersion(
  packages: LockPackages,
  lockDirectory: string,
  searched: readonly string[],
  name: string,
): string | undefined {
  for (const directory of searched) {
    const key = path.posix.join(
      path.relative(lockDirectory, directory).split(path.sep).join("/"),
      "node_modules",
      name,
    );
    const entry = packages[key];
    if (entry === undefined) continue;
    // A workspace package is a link to its folder, whose entry has the version.
    return entry.link === true && entry.resolved !== undefined ? packages[entry.resolved]?.version : entry.version;
  }
  return undefined;
}

async function installedRepository(searched: readonly string[], name: string): Promise<string | undefined> {
  for (const directory of searched) {
    const file = path.join(directory, "node_modules", name, "package.json");
    if (await fileExists(file)) {
      // Someone else's file: what cannot be read says nothing about the repository, and is no reason to stop.
      const pkg: unknown = await readFile(file, "utf8")
        .then((text) => JSON.parse(text) as unknown)
        .catch(() => undefined);
      return pkg !== null && typeof pkg === "object" ? repositoryOf(pkg) : undefined;
    }
  }
  return undefined;
}
