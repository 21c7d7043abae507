/**
 * The composable's own code, whose imports weigh its dependencies: the content its bundle manifest declares when
 * it has one; else the files git lists in its directory (tracked, or new and not ignored), so build output and
 * installed packages are left out; else every file below it but node_modules and hidden directories. Only
 * TypeScript, JavaScript and Solidity are kept, and, but for a manifest's content, a nested package (a
 * subdirectory with its own package.json) is its own composable and left out.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";

import { BUNDLE_MANIFEST_FILE, bundleManifestSchema } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";
import { GitCommandError } from "../scoring/errors.ts";
import { languageOf } from "../scoring/fileKinds.ts";
import { runGit } from "../scoring/git.ts";
import { bundleContent } from "./bundleContent.ts";
import { fileExists } from "./fileExists.ts";

export type SourceFiles = {
  /** Where the list came from. */
  readonly origin: "bundle manifest" | "git" | "directory";
  /** Relative to the directory, with / separators, sorted. */
  readonly files: readonly string[];
};

/**
 * @example
 * await listSourceFiles("frontend") // { origin: "git", files: ["src/App.tsx", …] }
 */
export async function listSourceFiles(directory: string): Promise<SourceFiles> {
  const manifestFile = path.join(directory, BUNDLE_MANIFEST_FILE);
  if (await fileExists(manifestFile)) {
    const { files } = await bundleContent(manifestFile, await readJsonFile(bundleManifestSchema, manifestFile));
    return { origin: "bundle manifest", files: files.map((f) => f.path).filter(isSource) };
  }
  const listed = await gitFiles(directory);
  const all = listed ?? (await walk(directory));
  const nested = all
    .filter((file) => path.posix.basename(file) === "package.json" && file !== "package.json")
    .map((file) => `${path.posix.dirname(file)}/`);
  const files = all.filter((file) => isSource(file) && !nested.some((dir) => file.startsWith(dir)));
  return { origin: listed === undefined ? "directory" : "git", files: files.sort() };
}

function isSource(file: string): boolean {
  return languageOf(file) !== "other";
}

/** What `git ls-files` lists below `directory`, or undefined when it is not in a git work tree. */
async function gitFiles(directory: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await runGit(directory, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
    return [
      ...new Set(
        stdout
          .toString("utf8")
          .split("\0")
          .filter((file) => file !== ""),
      ),
    ];
  } catch (cause) {
    if (cause instanceof GitCommandError && /not a git repository/i.test(cause.stderr)) return undefined;
    throw cause;
  }
}

async function walk(directory: string, below = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(directory, below), { withFileTypes: true })) {
    const file = below === "" ? entry.name : `${below}/${entry.name}`;
    if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) {
      files.push(...(await walk(directory, file)));
    } else if (entry.isFile()) files.push(file);
  }
  return files;
}
