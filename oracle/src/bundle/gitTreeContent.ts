/**
 * The files of a bundle whose content is declared as a git tree: the blobs of the revision's tree below the
 * manifest's directory, read with `git ls-tree -r` and `git cat-file`, so the hash is that of the committed bytes
 * whatever the working tree holds, and equal to the hash of that commit checked out and declared by globs. A
 * symbolic link or a submodule in the tree is an error, as in a directory.
 */
import type { BundleFile } from "@coherence/protocol";

import { GitCommandError } from "../scoring/errors.ts";
import { readObjects, runGit } from "../scoring/git.ts";
import { contentError } from "./contentError.ts";
import type { ContentRoot } from "./directoryContent.ts";
import { hashBytes } from "./hashFile.ts";

/** The `git ls-tree` mode of a symbolic link. */
const SYMLINK_MODE = "120000";

/**
 * @example
 * await gitTreeContent(root, "v1.2.0") // [{ path: "src/index.ts", hash }, …]
 */
export async function gitTreeContent(root: ContentRoot, revision: string): Promise<BundleFile[]> {
  const field = ["content", "gitTree"];
  let listing: Buffer;
  try {
    // Run in the manifest's directory, ls-tree lists only the entries below it, with paths relative to it.
    listing = (await runGit(root.directory, ["ls-tree", "-r", "-z", revision])).stdout;
  } catch (cause) {
    if (!(cause instanceof GitCommandError)) throw cause;
    throw contentError(
      root.manifestFile,
      field,
      `git cannot list the tree of "${revision}" in ${root.directory}: ${cause.message}`,
    );
  }
  const blobs: { path: string; id: string }[] = [];
  for (const entry of listing.toString("utf8").split("\0")) {
    if (entry === "") continue;
    const tab = entry.indexOf("\t");
    const [mode, type, id] = entry.slice(0, tab).split(" ");
    const file = entry.slice(tab + 1);
    if (type === "commit") {
      throw contentError(
        root.manifestFile,
        field,
        `${file} is a submodule in "${revision}": a content hash covers one repository's files`,
      );
    }
    if (mode === SYMLINK_MODE) {
      throw contentError(
        root.manifestFile,
        field,
        `${file} is a symbolic link in "${revision}": bundle content is regular files only`,
      );
    }
    if (file !== root.manifestPath) blobs.push({ path: file, id: id! });
  }
  const contents = await readObjects(
    root.directory,
    blobs.map((blob) => blob.id),
  );
  return blobs.map((blob, i) => ({ path: blob.path, hash: hashBytes(contents[i]!) }));
}
