/**
 * The fields of a package.json that lineage reads: its name, version, licence and repository, and its dependency
 * lists. Other fields are left as they are (a package.json is everyone's file).
 */
import path from "node:path";

import { byType, type Infer, json, object, optional, record, string } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { fileExists } from "./fileExists.ts";

const dependencyMap = optional(record(string()));

const packageJsonSchema = object(
  {
    name: optional(string()),
    version: optional(string()),
    /** An SPDX expression; old packages wrote `{ type, url }`, which names no SPDX licence. */
    license: optional(json()),
    /** npm accepts a URL or shorthand, or `{ type, url, directory }`. */
    repository: optional(byType({ string: string(), object: object({ url: string() }, { allowExtra: true }) })),
    dependencies: dependencyMap,
    peerDependencies: dependencyMap,
    optionalDependencies: dependencyMap,
    devDependencies: dependencyMap,
  },
  { allowExtra: true },
);
export type PackageJson = Infer<typeof packageJsonSchema>;

/** The dependency lists, in the order a dependency's scope is taken from when it is in several. */
export const DEPENDENCY_SCOPES = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
] as const;
export type DependencyScope = (typeof DEPENDENCY_SCOPES)[number];

/**
 * `dir`'s package.json, or undefined when it has none.
 *
 * @example
 * (await readPackageJson("frontend"))?.dependencies?.viem // "^2.57.20"
 */
export async function readPackageJson(dir: string): Promise<PackageJson | undefined> {
  const file = path.join(dir, "package.json");
  if (!(await fileExists(file))) return undefined;
  return readJsonFile(packageJsonSchema, file);
}

/**
 * The repository a package.json names, as written: read leniently, since it may be an installed package's from
 * any year (a string, `{ url }`, or something older this does not read).
 */
export function repositoryOf(pkg: { readonly repository?: unknown }): string | undefined {
  const { repository } = pkg;
  if (typeof repository === "string") return repository;
  const url = (repository as { url?: unknown } | null | undefined)?.url;
  return typeof url === "string" ? url : undefined;
}
