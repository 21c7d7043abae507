import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { COMMANDS } from "../commandTable.ts";
import { dispatch } from "../dispatch.ts";

const ROOT = new URL("../../../../", import.meta.url).pathname;
const ASSETS = new URL("../../bundle/fixtures/coherence/assets.json", import.meta.url).pathname;

async function ccn(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await dispatch(COMMANDS, argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
  });
  return { code, stdout, stderr };
}

describe("ccn bundle suggest", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-bundle-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("prints each suggested parent with its weight and files, and the parents to paste; --sbom writes the SBOM", async () => {
    const sbom = path.join(dir, "indexer.cdx.json");
    const run = await ccn("bundle", "suggest", path.join(ROOT, "indexer"), "--assets", ASSETS, "--sbom", sbom);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^@coherence\/indexer: 2000 bps upstream, weighed over \d+ source files \(the files git lists/,
    );
    assert.match(
      run.stdout,
      /^ {2}asset 1 \(Coherence protocol\): \d+ bps, imported by \d+ file\(s\) through @coherence\/protocol@0\.1\.0 \(by package\)$/m,
    );
    assert.match(run.stdout, /^ {6}src\/api\/claims\.ts$/m);
    assert.match(
      run.stdout,
      /^ {2}not an asset: ponder@0\.17\.7, \d+ file\(s\): no registered asset declares its package or repository$/m,
    );
    assert.match(run.stdout, /^the bundle manifest's parents, to edit: \[\{"assetId":"1","weightBps":\d+\}/m);
    const document = JSON.parse(await readFile(sbom, "utf8"));
    assert.equal(document.specVersion, "1.5");
    assert.equal(document.metadata.component.pedigree.ancestors.length, 4);
  });

  test("--json prints the suggestion, asset ids as decimal strings", async () => {
    const run = await ccn(
      "bundle",
      "suggest",
      path.join(ROOT, "indexer"),
      "--assets",
      ASSETS,
      "--upstream-bps",
      "1000",
      "--json",
    );
    assert.equal(run.code, 0, run.stderr);
    const suggestion = JSON.parse(run.stdout);
    assert.equal(suggestion.upstreamBps, 1000);
    assert.equal(
      suggestion.parents.reduce((sum: number, p: { weightBps: number }) => sum + p.weightBps, 0),
      1000,
    );
    assert.equal(typeof suggestion.parents[0].assetId, "string");
  });

  test("asks for --assets and refuses an upstream share over 100%", async () => {
    const missing = await ccn("bundle", "suggest", "indexer");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing --assets FILE/);
    const over = await ccn("bundle", "suggest", "indexer", "--assets", ASSETS, "--upstream-bps", "10001");
    assert.equal(over.code, 2);
    assert.match(over.stderr, /--upstream-bps: expected an integer 0\.\.10000, got "10001"/);
  });
});
