import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { workedManifest } from "../../manifest/workedManifest.ts";
import { ManifestMismatchError, ManifestStore } from "../../operator/manifestStore.ts";
import { COMMANDS } from "../commandTable.ts";
import { dispatchCaptured } from "../dispatchCaptured.ts";

const ccn = (...argv: string[]) => dispatchCaptured(COMMANDS, argv);

describe("ccn slice verify", () => {
  let dir: string;
  let file: string;
  let text: string;
  let manifestHash: `0x${string}`;
  const account = workedManifest().leaves[0]!.account;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-slice-"));
    const store = new ManifestStore(dir);
    const manifest = workedManifest();
    manifestHash = (await store.write(manifest)).contentHash;
    text = (await store.slice(manifest.epoch.number, manifestHash, account)).text;
    file = path.join(dir, "slice.json");
    await writeFile(file, text);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("a slice cut from the published manifest verifies offline against its hash, and lists the leaves it proves", async () => {
    const { code, stdout } = await ccn("slice", "verify", file, "--manifest-hash", manifestHash, "--account", account);
    assert.equal(code, 0, stdout);
    assert.match(stdout, new RegExp(`${account} in epoch 2, proven against the manifest hash`));
    assert.match(stdout, /payout proof of \d+ node\(s\) verifies/);
  });

  test("a tampered slice, or one checked against another hash, exits 1 and says why", async () => {
    const tampered = path.join(dir, "tampered.json");
    await writeFile(
      tampered,
      text.replace(/"amount":"(\d+)"/, (_, n: string) => `"amount":"${BigInt(n) + 1n}"`),
    );
    const changed = await ccn("slice", "verify", tampered, "--manifest-hash", manifestHash);
    assert.equal(changed.code, 1, changed.stdout);
    assert.match(changed.stdout, /does NOT verify \(CHUNK_PROOF\)/);
    const other = await ccn("slice", "verify", file, "--manifest-hash", `0x${"12".repeat(32)}`);
    assert.equal(other.code, 1);
    assert.match(other.stdout, /does NOT verify \(OTHER_MANIFEST\)/);
  });

  test("the store refuses to slice a manifest whose chunk root is not the chain's hash", async () => {
    await assert.rejects(
      new ManifestStore(dir).slice(workedManifest().epoch.number, `0x${"12".repeat(32)}`, account),
      ManifestMismatchError,
    );
  });

  test("without --manifest-hash it is a usage error", async () => {
    const { code } = await ccn("slice", "verify", file);
    assert.equal(code, 2);
  });
});
