import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import { runnableBundle } from "./bundleFixture.ts";
import { BundleHashMismatchError, NotRunnableError, pinBundle } from "./pinBundle.ts";

const SOURCE = "export const double = (x: number): number => 2 * x;\n";

describe("pinBundle", () => {
  test("copies the hashed files into <pins>/<content hash>, which later edits of the bundle do not touch", async (t) => {
    const bundle = await runnableBundle({ "src/index.ts": SOURCE }, "double");
    const pins = path.join(bundle.root, "pins");
    t.after(() => rm(bundle.root, { recursive: true, force: true }));

    const pinned = await pinBundle(bundle.manifestFile, bundle.contentHash, pins);
    assert.equal(pinned.directory, path.join(pins, bundle.contentHash));
    assert.deepEqual(pinned.run, { entry: "src/index.ts", export: "double", runtime: "node" });

    await writeFile(path.join(bundle.root, "src/index.ts"), "export const double = () => 0;\n");
    assert.equal(await readFile(path.join(pinned.directory, "src/index.ts"), "utf8"), SOURCE);
    // Pinning again by the registered hash reuses the copy rather than the edited files.
    const again = await pinBundle(bundle.manifestFile, bundle.contentHash, pins);
    assert.equal(await readFile(path.join(again.directory, "src/index.ts"), "utf8"), SOURCE);
  });

  test("refuses a bundle whose files do not hash to the registered content hash, and pins nothing", async (t) => {
    const bundle = await runnableBundle({ "src/index.ts": SOURCE }, "double");
    const pins = path.join(bundle.root, "pins");
    t.after(() => rm(bundle.root, { recursive: true, force: true }));
    await writeFile(path.join(bundle.root, "src/index.ts"), "export const double = () => 0;\n");

    await assert.rejects(pinBundle(bundle.manifestFile, bundle.contentHash, pins), (error: unknown) => {
      assert.ok(error instanceof BundleHashMismatchError);
      assert.equal(error.expected, bundle.contentHash);
      assert.notEqual(error.actual, bundle.contentHash);
      return true;
    });
    await assert.rejects(readFile(path.join(pins, bundle.contentHash, "src/index.ts")), { code: "ENOENT" });
  });

  test("refuses a bundle that declares no run section", async (t) => {
    const bundle = await runnableBundle({ "src/index.ts": SOURCE }, "double");
    t.after(() => rm(bundle.root, { recursive: true, force: true }));
    const manifest = JSON.parse(await readFile(bundle.manifestFile, "utf8")) as Record<string, unknown>;
    delete manifest.run;
    await writeFile(bundle.manifestFile, JSON.stringify(manifest));

    await assert.rejects(pinBundle(bundle.manifestFile, bundle.contentHash, os.tmpdir()), NotRunnableError);
  });
});
