/**
 * What a repository's lockfile locks for a package declared by one of its package.json files (the root, `""`, or a
 * workspace's folder): npm's package-lock.json or npm-shrinkwrap.json (v1, v2, v3), and pnpm's pnpm-lock.yaml
 * (v5, v6, v9). A lockfile is read as the package manager wrote it; one that does not parse locks nothing, and the
 * declarations are then pinned by date (declaredDependencies.ts), as without one.
 */
import { parse } from "yaml";

/** A locked package: its version, its integrity and where its tarball is. */
export type LockEntry = { version?: string; integrity?: string; resolved?: string };

/** What the lockfile locks for `name` as declared by the package.json in `workspace` (`""`: the root). */
export type Lockfile = (name: string, workspace: string) => LockEntry | undefined;

/** A lockfile that locks nothing: a repository without one. */
export const NO_LOCKFILE: Lockfile = () => undefined;

function parseWith(parser: (text: string) => unknown, text: string): unknown {
  try {
    return parser(text);
  } catch {
    return undefined;
  }
}

/**
 * npm's lockfile: a v2/v3 lockfile's `packages` are keyed by install path, so a workspace's own copy
 * (`<workspace>/node_modules/<name>`) is read before the hoisted one (`node_modules/<name>`); a v1 lockfile has
 * only the hoisted `dependencies`.
 *
 * @example
 * npmLockfile(text)("ava", "packages/app") // { version: "6.4.1", integrity: "sha512-…", resolved: "https://…" }
 */
export function npmLockfile(text: string): Lockfile {
  const lock = parseWith(JSON.parse, text) as
    | { packages?: Record<string, LockEntry>; dependencies?: Record<string, LockEntry> }
    | undefined;
  if (typeof lock !== "object" || lock === null) return NO_LOCKFILE;
  return (name, workspace) =>
    (workspace === "" ? undefined : lock.packages?.[`${workspace}/node_modules/${name}`]) ??
    lock.packages?.[`node_modules/${name}`] ??
    lock.dependencies?.[name];
}

type PnpmImporter = Record<string, Record<string, string | { version?: string } | undefined> | undefined>;
type PnpmLock = {
  importers?: Record<string, PnpmImporter | undefined>;
  packages?: Record<string, { resolution?: { integrity?: string; tarball?: string } } | undefined>;
} & PnpmImporter;

/** The registry's tarball URL of a package, as npm publishes it (`@scope/name` → `@scope/name/-/name-1.0.0.tgz`). */
export function registryTarball(registry: string, name: string, version: string): string {
  return `${registry.replace(/\/$/, "")}/${name}/-/${name.replace(/^@[^/]+\//, "")}-${version}.tgz`;
}

/**
 * pnpm's lockfile: each importer (`.` for the root, else the workspace's folder; a lockfile of one project has its
 * importer's fields at the top) locks each declared name to a version, and `packages` holds that version's
 * integrity, keyed `name@version` (v9), `/name@version` (v6) or `/name/version` (v5). pnpm records no tarball for a
 * registry package: it is the registry's, whose layout is npm's. A version that is a link or a path (a workspace
 * package, `file:`) has no `packages` entry with an integrity and is passed on as a non-registry resolution.
 *
 * @example
 * pnpmLockfile(text, "https://registry.npmjs.org")("semver", "") // { version: "7.6.0", integrity: "sha512-…", resolved: "https://registry.npmjs.org/semver/-/semver-7.6.0.tgz" }
 */
export function pnpmLockfile(text: string, registry: string): Lockfile {
  const lock = parseWith(parse, text) as PnpmLock | undefined;
  if (typeof lock !== "object" || lock === null) return NO_LOCKFILE;
  const fields = ["dependencies", "devDependencies", "optionalDependencies"];
  return (name, workspace) => {
    const importer = lock.importers?.[workspace === "" ? "." : workspace] ?? (workspace === "" ? lock : undefined);
    const locked = fields.map((field) => importer?.[field]?.[name]).find((entry) => entry !== undefined);
    // v6 and v9 write `{ specifier, version }`; v5 the version alone. A peer-resolved version is `1.0.0(react@18.2.0)`.
    const written = typeof locked === "string" ? locked : locked?.version;
    if (written === undefined) return undefined;
    const version = written.replace(/\(.*$/, "");
    if (/^(?:link|file|workspace):/.test(version)) return { version, integrity: "", resolved: version };
    const entry = [`${name}@${version}`, `/${name}@${version}`, `/${name}/${version}`]
      .map((key) => lock.packages?.[key])
      .find((found) => found !== undefined);
    const { integrity, tarball } = entry?.resolution ?? {};
    if (integrity === undefined)
      return tarball === undefined ? undefined : { version, integrity: "", resolved: tarball };
    return { version, integrity, resolved: tarball ?? registryTarball(registry, name, version) };
  };
}
