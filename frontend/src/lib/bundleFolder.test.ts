import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { bundleContent } from "@coherence/oracle";
import { type BundleManifest, MalformedFieldError } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import {
  buildManifest,
  bundleFolder,
  folderManifest,
  hashBundle,
  type PickedFile,
  withParents,
} from "./bundleFolder.ts";

const DEMO = path.resolve(import.meta.dirname, "../../../scenarios/demo");

/** A folder as a directory picker hands it over: every file with its path below the chosen folder's name. */
async function pick(directory: string): Promise<PickedFile[]> {
  const name = path.basename(directory);
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const relative = path.relative(directory, path.join(e.parentPath, e.name)).split(path.sep).join("/");
        const file = new File([await readFile(path.join(e.parentPath, e.name))], e.name) as PickedFile;
        Object.defineProperty(file, "webkitRelativePath", { value: `${name}/${relative}` });
        return file;
      }),
  );
}

describe("bundleFolder and hashBundle", () => {
  test("hash a demo bundle's folder to the content hash ccn computes from the directory", async () => {
    const directory = path.join(DEMO, "payout-engine");
    const folder = bundleFolder(await pick(directory));
    expect(folder.name).toBe("payout-engine");
    expect([...folder.files.keys()].sort()).toEqual(["README.md", "coherence.bundle.json"]);
    const manifest = (await folderManifest(folder))!;
    const expected = await bundleContent(path.join(directory, "coherence.bundle.json"), manifest);
    const hashed = await hashBundle(manifest, folder);
    expect(hashed.contentHash).toBe(expected.contentHash);
    expect(hashed.files).toEqual(expected.files);
  });

  test("a folder without a manifest has none; a built one hashes every file of the folder", async () => {
    const picked = await pick(path.join(DEMO, "payout-engine"));
    const folder = bundleFolder(picked.filter((f) => f.name !== "coherence.bundle.json"));
    expect(await folderManifest(folder)).toBeUndefined();
    const fields = { kind: "Docs", name: "notes", description: "Notes.", version: "1.0.0", licence: "MIT" };
    const built = buildManifest({ ...fields, repository: "https://example.org/notes.git" }, folder);
    expect((await hashBundle(built, folder)).files.map((f) => f.path)).toEqual(["README.md"]);
    expect(() => buildManifest({ ...fields, repository: "not a url" }, folder)).toThrow(/repository/);
  });

  test("a listed file missing from the folder is named by field", async () => {
    const folder = bundleFolder(await pick(path.join(DEMO, "payout-engine")));
    const manifest = (await folderManifest(folder))!;
    const missing: BundleManifest = { ...manifest, content: { files: ["README.md", "LICENSE"] } };
    await expect(hashBundle(missing, folder)).rejects.toThrow(/content\.files\[1\]: LICENSE does not exist/);
  });
});

describe("withParents", () => {
  test("checks the edited lineage by the manifest's schema, by field", async () => {
    const folder = bundleFolder(await pick(path.join(DEMO, "payout-engine")));
    const manifest = (await folderManifest(folder))!;
    expect(withParents(manifest, [{ assetId: 3n, weightBps: 2500 }]).parents).toEqual([
      { assetId: 3n, weightBps: 2500 },
    ]);
    const over = () =>
      withParents(manifest, [
        { assetId: 1n, weightBps: 6000 },
        { assetId: 2n, weightBps: 5000 },
      ]);
    expect(over).toThrow(MalformedFieldError);
    expect(over).toThrow(/parents: weights add up to 11000 bps, more than 10000 \(100%\)/);
    expect(() => withParents(manifest, [{ assetId: 1n, weightBps: 0 }])).toThrow(/parents\[0\]\.weightBps/);
  });
});
