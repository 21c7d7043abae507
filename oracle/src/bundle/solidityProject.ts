/**
 * How a Solidity project's imports reach other code: its remappings (remappings.txt, and `remappings` in
 * foundry.toml's default profile) and its git submodules (.gitmodules: Foundry installs libraries under lib/),
 * and which dependency an import resolves to through them. An import that is neither relative nor remapped is
 * an npm package's path, as Hardhat and solc's include paths resolve it.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** `context:prefix=target`: imports starting with `prefix` (from files under `context`, if given) read `target`. */
export type Remapping = { readonly context: string; readonly prefix: string; readonly target: string };
/** A submodule: its path in the project and the repository it is a checkout of. */
export type Submodule = { readonly path: string; readonly url: string };
export type SolidityProject = {
  readonly directory: string;
  readonly remappings: readonly Remapping[];
  readonly submodules: readonly Submodule[];
};

/** What an import reaches: an npm package, a submodule's repository, or a remapping that names neither. */
export type DependencyTarget =
  | { readonly kind: "npm"; readonly name: string }
  | { readonly kind: "submodule"; readonly name: string; readonly url: string }
  | { readonly kind: "remapping"; readonly name: string };

/**
 * @example
 * const project = await readSolidityProject("contracts-repo");
 * solidityDependencyOf(project, "src/Vault.sol", "solady/utils/SafeTransferLib.sol") // { kind: "submodule", name: "lib/solady", url }
 */
export async function readSolidityProject(directory: string): Promise<SolidityProject> {
  const text = (file: string) => readFile(path.join(directory, file), "utf8").catch(() => "");
  const remappingLines = [
    ...(await text("remappings.txt")).split("\n"),
    ...foundryRemappings(await text("foundry.toml")),
  ];
  const remappings = remappingLines.map(parseRemapping).filter((r) => r !== undefined);
  return { directory, remappings, submodules: parseGitmodules(await text(".gitmodules")) };
}

/** The dependency `specifier`, imported by `file` (relative to the project), resolves to; undefined for own code. */
export function solidityDependencyOf(
  project: SolidityProject,
  file: string,
  specifier: string,
): DependencyTarget | undefined {
  if (specifier.startsWith("./") || specifier.startsWith("../")) return undefined;
  // solc picks the longest matching prefix, a remapping with a context before one without.
  const remapping = project.remappings
    .filter((r) => specifier.startsWith(r.prefix) && file.startsWith(r.context))
    .sort((a, b) => b.prefix.length - a.prefix.length || b.context.length - a.context.length)[0];
  const target = remapping === undefined ? specifier : remapping.target + specifier.slice(remapping.prefix.length);
  const modules = /(?:^|\/)node_modules\/(.+)$/.exec(target);
  if (modules !== null) return { kind: "npm", name: npmPackageOfPath(modules[1]!) };
  const submodule =
    project.submodules.find((s) => target.startsWith(`${s.path}/`)) ??
    // Foundry's automatic remappings: `forge-std/Test.sol` reads lib/forge-std/.
    project.submodules.find((s) => s.path === `lib/${specifier.split("/")[0]}`);
  if (submodule !== undefined) return { kind: "submodule", name: submodule.path, url: submodule.url };
  if (existsSync(path.join(project.directory, target))) return undefined;
  if (remapping !== undefined) return { kind: "remapping", name: `${remapping.prefix}=${remapping.target}` };
  return { kind: "npm", name: npmPackageOfPath(specifier) };
}

/** `@scope/name` or `name`, the package a path inside node_modules starts with. */
export function npmPackageOfPath(modulePath: string): string {
  const [first, second] = modulePath.split("/");
  return first!.startsWith("@") && second !== undefined ? `${first}/${second}` : first!;
}

function parseRemapping(line: string): Remapping | undefined {
  const text = line.trim();
  if (text === "" || text.startsWith("#")) return undefined;
  const equals = text.indexOf("=");
  if (equals === -1) return undefined;
  const left = text.slice(0, equals);
  const colon = left.indexOf(":");
  return {
    context: colon === -1 ? "" : left.slice(0, colon),
    prefix: colon === -1 ? left : left.slice(colon + 1),
    target: text.slice(equals + 1).replace(/^\.\//, ""),
  };
}

/** The strings of `remappings = [...]` in foundry.toml's `[profile.default]`, or in the file when it has no profile. */
function foundryRemappings(toml: string): string[] {
  const profile = /^\[profile\.default\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml);
  const section = profile?.[1] ?? toml;
  const list = /^\s*remappings\s*=\s*\[([\s\S]*?)\]/m.exec(section);
  if (list === null) return [];
  return [...list[1]!.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]!);
}

function parseGitmodules(text: string): Submodule[] {
  const submodules: Submodule[] = [];
  for (const section of text.split(/^\s*\[submodule\b[^\]]*\]\s*$/m).slice(1)) {
    const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(.+?)\\s*$`, "m").exec(section)?.[1];
    const modulePath = value("path");
    const url = value("url");
    if (modulePath !== undefined && url !== undefined) submodules.push({ path: modulePath.replace(/\/$/, ""), url });
  }
  return submodules;
}
