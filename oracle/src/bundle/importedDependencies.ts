/**
 * What each of the composable's source files imports from outside it: npm packages from TypeScript and
 * JavaScript (read with the TypeScript compiler's parser, as the scorer reads them: analyzeTypeScript.ts) and
 * packages, submodules or remapped paths from Solidity (analyzeSolidity.ts, resolved by solidityProject.ts).
 */
import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import path from "node:path";

import { analyzeSolidity } from "../scoring/analyzeSolidity.ts";
import { analyzeTypeScript } from "../scoring/analyzeTypeScript.ts";
import { languageOf } from "../scoring/fileKinds.ts";
import {
  type DependencyTarget,
  npmPackageOfPath,
  type SolidityProject,
  solidityDependencyOf,
} from "./solidityProject.ts";

/** One file's import of one dependency. */
export type ImportedDependency = {
  readonly file: string;
  /** Solidity's imports are compiled into the contract, whatever list package.json keeps the package in. */
  readonly language: "typescript" | "solidity";
  readonly dependency: DependencyTarget;
};

/**
 * @example
 * await importedDependencies("frontend", ["src/main.tsx"], project)
 * // [{ file: "src/main.tsx", language: "typescript", dependency: { kind: "npm", name: "react" } }, …]
 */
export async function importedDependencies(
  directory: string,
  files: readonly string[],
  project: SolidityProject,
): Promise<ImportedDependency[]> {
  const found: ImportedDependency[] = [];
  for (const file of files) {
    const text = await readFile(path.join(directory, file), "utf8").catch((cause: NodeJS.ErrnoException) => {
      // git lists a tracked file deleted from the working tree: it is no longer code.
      if (cause.code === "ENOENT") return undefined;
      throw cause;
    });
    if (text === undefined) continue;
    const solidity = languageOf(file) === "solidity";
    const specifiers = (solidity ? analyzeSolidity(text) : analyzeTypeScript(file, text)).imports.map(
      (i) => i.specifier,
    );
    const seen = new Set<string>();
    for (const specifier of specifiers) {
      const dependency = solidity ? solidityDependencyOf(project, file, specifier) : npmDependencyOf(specifier);
      if (dependency === undefined || seen.has(`${dependency.kind}:${dependency.name}`)) continue;
      seen.add(`${dependency.kind}:${dependency.name}`);
      found.push({ file, language: solidity ? "solidity" : "typescript", dependency });
    }
  }
  return found;
}

/** The npm package a TypeScript or JavaScript import names; undefined for own modules, built-ins and schemes. */
function npmDependencyOf(specifier: string): DependencyTarget | undefined {
  // Relative and absolute paths, `#internal` imports, and `node:`, `ponder:` or URL schemes name no package.
  if (/^[./#]/.test(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier) || isBuiltin(specifier)) return undefined;
  return { kind: "npm", name: npmPackageOfPath(specifier) };
}
