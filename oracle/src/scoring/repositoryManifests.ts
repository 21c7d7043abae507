/**
 * Where a commit declares and locks its npm dependencies: its root package.json with npm's lockfile, and (under a
 * config's `pnpmAndWorkspaces`) pnpm's lockfile and the package.json of every workspace, as npm (`workspaces` in the
 * root package.json) or pnpm (`packages` in pnpm-workspace.yaml) names them. A workspace's own packages are the
 * repository's code, not a dependency: declarations naming one are returned apart, to be recorded.
 */
import { posix } from "node:path";
import { parse } from "yaml";
import { type DeclaredDependency, declaredDependencies } from "./declaredDependencies.ts";
import { readObjects, runGit } from "./git.ts";
import { type Lockfile, NO_LOCKFILE, npmLockfile, pnpmLockfile } from "./lockfiles.ts";

/** At most this many workspaces are read (in path order): a monorepo of more is recorded by what it declares first. */
export const MAX_WORKSPACES = 1000;

/** What a commit declares: its declarations (root first, then each workspace by folder), workspace names, lockfile. */
export type RepositoryManifests = {
  declared: DeclaredDependency[];
  /** The `name` of each workspace's package.json. */
  workspaceNames: ReadonlySet<string>;
  lockfile: Lockfile;
};

const ROOT_FILES = [
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
];

/** The blobs of `commit`'s tree at `paths` (those that exist), as text, by path. */
async function readPaths(repository: string, commit: string, paths: readonly string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const listing = await runGit(repository, ["ls-tree", "-z", "--full-tree", commit, "--", ...paths]);
  const entries = listing.stdout
    .toString("utf8")
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => {
      const tab = entry.indexOf("\t");
      return {
        type: entry.slice(0, tab).split(" ")[1],
        object: entry.slice(0, tab).split(" ")[2]!,
        path: entry.slice(tab + 1),
      };
    })
    .filter((entry) => entry.type === "blob");
  const contents = await readObjects(
    repository,
    entries.map((e) => e.object),
  );
  return new Map(entries.map((e, i) => [e.path, contents[i]!.toString("utf8")]));
}

function parsed(parser: (text: string) => unknown, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = parser(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace globs of npm (`workspaces`, or `workspaces.packages`) and pnpm (`packages`); `!glob` excludes. */
function workspaceGlobs(packageJson: string | undefined, pnpmWorkspace: string | undefined): string[] {
  const npm = parsed(JSON.parse, packageJson)?.workspaces;
  const pnpm = parsed(parse, pnpmWorkspace)?.packages;
  const lists = [npm, (npm as { packages?: unknown } | undefined)?.packages, pnpm];
  return lists.flatMap((list) =>
    Array.isArray(list) ? list.filter((g): g is string => typeof g === "string").map((g) => g.replace(/\/+$/, "")) : [],
  );
}

/** The folders of `commit` holding a package.json that `globs` name, sorted, at most {@link MAX_WORKSPACES}. */
async function workspaceFolders(repository: string, commit: string, globs: readonly string[]): Promise<string[]> {
  const include = globs.filter((g) => !g.startsWith("!"));
  const exclude = globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  if (include.length === 0) return [];
  const listing = await runGit(repository, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit]);
  const folders: string[] = [];
  for (const path of listing.stdout.toString("utf8").split("\0")) {
    if (!path.endsWith("/package.json") || path.includes("node_modules/")) continue;
    const folder = posix.dirname(path);
    const matches = (glob: string) => posix.matchesGlob(folder, posix.normalize(glob));
    if (include.some(matches) && !exclude.some(matches)) folders.push(folder);
  }
  return folders.sort().slice(0, MAX_WORKSPACES);
}

/**
 * The declarations and lockfile of `commit` (see the module's comment). `registry` is where pnpm's registry packages
 * are fetched from.
 *
 * @example
 * const { declared } = await repositoryManifests("/repos/app", head, { registry: "https://registry.npmjs.org", workspaces: true });
 * declared // [{ name: "typescript", spec: "^5.9.3" }, { name: "react", spec: "^19.0.0", workspace: "packages/web" }]
 */
export async function repositoryManifests(
  repository: string,
  commit: string,
  options: { registry: string; workspaces: boolean },
): Promise<RepositoryManifests> {
  const root = await readPaths(repository, commit, ROOT_FILES);
  const npmLock = root.get("npm-shrinkwrap.json") ?? root.get("package-lock.json");
  const pnpmLock = options.workspaces ? root.get("pnpm-lock.yaml") : undefined;
  const lockfile =
    npmLock !== undefined
      ? npmLockfile(npmLock)
      : pnpmLock !== undefined
        ? pnpmLockfile(pnpmLock, options.registry)
        : NO_LOCKFILE;
  const declared = declaredDependencies(root.get("package.json"));
  const workspaceNames = new Set<string>();
  if (options.workspaces) {
    const globs = workspaceGlobs(root.get("package.json"), root.get("pnpm-workspace.yaml"));
    const folders = await workspaceFolders(repository, commit, globs);
    const manifests = await readPaths(
      repository,
      commit,
      folders.map((folder) => `${folder}/package.json`),
    );
    for (const folder of folders) {
      const text = manifests.get(`${folder}/package.json`);
      const name = parsed(JSON.parse, text)?.name;
      if (typeof name === "string") workspaceNames.add(name);
      for (const dependency of declaredDependencies(text)) declared.push({ ...dependency, workspace: folder });
    }
  }
  return { declared, workspaceNames, lockfile };
}
