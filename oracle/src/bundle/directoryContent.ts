/**
 * The files of a bundle whose content is declared as `files` and `globs`: read from the manifest's directory,
 * which the globs are matched against by a walk that enters only directories a glob can reach. Content is
 * regular files only: a symbolic link's target would not be hashed, so a listed or matched link is an error,
 * as is a listed file that is missing and a glob that matches nothing.
 */
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
import path from "node:path";

import { type BundleFile, compileGlob, type Glob } from "@coherence/protocol";

import { contentError } from "./contentError.ts";
import { hashBytes } from "./hashFile.ts";

/** Where the content is read: the manifest's directory, the manifest's path in it (never content) and its file. */
export type ContentRoot = { readonly directory: string; readonly manifestPath: string; readonly manifestFile: string };

const LINK = "is a symbolic link: bundle content is regular files only (a link's target would not be hashed)";

/**
 * @example
 * await directoryContent(root, { files: ["package.json"], globs: ["src/**\/*.ts"] }) // [{ path: "package.json", hash }, …]
 */
export async function directoryContent(
  root: ContentRoot,
  content: { readonly files?: readonly string[] | undefined; readonly globs?: readonly string[] | undefined },
): Promise<BundleFile[]> {
  const paths = new Set<string>();
  for (const [i, file] of (content.files ?? []).entries()) {
    await checkListedFile(root, file, ["content", "files", i]);
    paths.add(file);
  }
  if (content.globs !== undefined) for (const file of await matchGlobs(root, content.globs)) paths.add(file);
  // One file at a time: a bundle of thousands of files must not open them all at once.
  const files: BundleFile[] = [];
  for (const file of paths)
    files.push({ path: file, hash: hashBytes(await readFile(path.join(root.directory, file))) });
  return files;
}

async function checkListedFile(root: ContentRoot, file: string, field: (string | number)[]): Promise<void> {
  if (file === root.manifestPath)
    throw contentError(root.manifestFile, field, `${file} is the manifest itself, never its content`);
  const full = path.join(root.directory, file);
  const stat = await lstat(full).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === "ENOENT" || cause.code === "ENOTDIR")
      throw contentError(root.manifestFile, field, `${file} does not exist`);
    throw contentError(root.manifestFile, field, `${file} cannot be read (${cause.message})`);
  });
  if (stat.isSymbolicLink()) throw contentError(root.manifestFile, field, `${file} ${LINK}`);
  if (stat.isDirectory())
    throw contentError(root.manifestFile, field, `${file} is a directory: list its files, or use a glob`);
  if (!stat.isFile()) throw contentError(root.manifestFile, field, `${file} is not a regular file`);
  // A link in a parent directory is followed by lstat; the real path shows it.
  if ((await realpath(full)) !== path.join(await realpath(root.directory), file)) {
    throw contentError(root.manifestFile, field, `${file} passes through a symbolic link: name the file where it is`);
  }
}

type IndexedGlob = { readonly index: number; readonly glob: Glob; matched: boolean };

async function matchGlobs(root: ContentRoot, globs: readonly string[]): Promise<string[]> {
  const compiled: IndexedGlob[] = globs.map((glob, index) => ({ index, glob: compileGlob(glob), matched: false }));
  const includes = compiled.filter((g) => !g.glob.negated);
  const excludes = compiled.filter((g) => g.glob.negated);
  const found: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    const entries = await readdir(path.join(root.directory, directory), { withFileTypes: true });
    // In name order, so that of two problems the same one is always reported.
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = directory === "" ? entry.name : `${directory}/${entry.name}`;
      if (entry.isDirectory()) {
        if (includes.some((g) => g.glob.mayMatchBelow(file))) await walk(file);
        continue;
      }
      const link = entry.isSymbolicLink();
      const reaching = includes.filter((g) => g.glob.matches(file) || (link && g.glob.mayMatchBelow(file)));
      if (reaching.length === 0) continue;
      for (const g of reaching) g.matched = true;
      const field = ["content", "globs", reaching[0]!.index];
      if (link) throw contentError(root.manifestFile, field, `reaches ${file}, which ${LINK}`);
      if (file === root.manifestPath || excludes.some((g) => g.glob.matches(file))) continue;
      if (!entry.isFile()) throw contentError(root.manifestFile, field, `matches ${file}, which is not a regular file`);
      found.push(file);
    }
  };
  await walk("");
  const unmatched = includes.find((g) => !g.matched);
  if (unmatched !== undefined) {
    throw contentError(
      root.manifestFile,
      ["content", "globs", unmatched.index],
      `${JSON.stringify(globs[unmatched.index])} matches no file`,
    );
  }
  return found;
}
