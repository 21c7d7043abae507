import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { COMMANDS } from "../commandTable.ts";
import { dispatchCaptured } from "../dispatchCaptured.ts";

const ROOT = new URL("../../../../", import.meta.url).pathname;
const ASSETS = new URL("../../bundle/fixtures/coherence/assets.json", import.meta.url).pathname;

const ccn = (...argv: string[]) => dispatchCaptured(COMMANDS, argv);

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

describe("ccn bundle init and ccn bundle hash", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-bundle-init-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const repository = "https://github.com/example/greeter";

  test("a ts-library scaffold's test passes with node --test, and it hashes as init said", async () => {
    const target = path.join(dir, "greeter");
    const init = await ccn(
      "bundle",
      "init",
      target,
      "--template",
      "ts-library",
      "--name",
      "@example/greeter",
      "--repository",
      repository,
      "--json",
    );
    assert.equal(init.code, 0, init.stderr);
    const { files, contentHash } = JSON.parse(init.stdout);
    assert.deepEqual(files, [
      "README.md",
      "coherence.bundle.json",
      "package.json",
      "src/index.test.ts",
      "src/index.ts",
    ]);
    execFileSync(process.execPath, ["--test", "src/index.test.ts"], { cwd: target, stdio: "pipe" });

    const hash = await ccn("bundle", "hash", path.join(target, "coherence.bundle.json"), "--expect", contentHash);
    assert.equal(hash.code, 0, hash.stderr);
    assert.match(hash.stdout, new RegExp(`content hash ${contentHash} over 4 file\\(s\\)`));
    assert.match(hash.stdout, /^ {2}0x[0-9a-f]{64} {2}src\/index\.ts$/m);
    const manifest = JSON.parse(await readFile(path.join(target, "coherence.bundle.json"), "utf8"));
    assert.deepEqual([manifest.kind, manifest.package, manifest.repository], ["Code", "@example/greeter", repository]);

    const suggest = await ccn("bundle", "suggest", target, "--assets", ASSETS, "--json");
    assert.equal(suggest.code, 0, suggest.stderr);
    assert.deepEqual(JSON.parse(suggest.stdout).sourceFiles, { origin: "bundle manifest", count: 2 });
  });

  test("a solidity-contract scaffold's contract and Solidity test compile without a warning", async () => {
    const target = path.join(dir, "vault");
    const init = await ccn(
      "bundle",
      "init",
      target,
      "--template",
      "solidity-contract",
      "--name",
      "token-vault",
      "--repository",
      repository,
      "--licence",
      "Apache-2.0",
      "--json",
    );
    assert.equal(init.code, 0, init.stderr);
    const sources: Record<string, { content: string }> = {};
    for (const file of ["src/TokenVault.sol", "test/TokenVault.t.sol"]) {
      sources[file] = { content: await readFile(path.join(target, file), "utf8") };
    }
    const solc = createRequire(import.meta.url)("solc") as { compile(input: string): string };
    const compiled = JSON.parse(
      solc.compile(
        JSON.stringify({ language: "Solidity", sources, settings: { outputSelection: { "*": { "*": ["abi"] } } } }),
      ),
    );
    assert.deepEqual(compiled.errors ?? [], []);
    assert.ok(
      compiled.contracts["test/TokenVault.t.sol"].TokenVaultTest.abi.some(
        (f: { name?: string }) => f.name === "testIncrementAddsOne",
      ),
    );
    const hash = await ccn("bundle", "hash", path.join(target, "coherence.bundle.json"), "--json");
    assert.equal(JSON.parse(hash.stdout).contentHash, JSON.parse(init.stdout).contentHash);
  });

  test("init refuses a non-empty directory and a name its template cannot use", async () => {
    const full = path.join(dir, "full");
    await mkdir(full);
    await writeFile(path.join(full, "notes.txt"), "mine\n");
    const refused = await ccn(
      "bundle",
      "init",
      full,
      "--template",
      "ts-library",
      "--name",
      "x",
      "--repository",
      repository,
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /full: is not empty; bundle init writes into a new or empty directory/);
    assert.equal(await readFile(path.join(full, "notes.txt"), "utf8"), "mine\n");
    const named = await ccn(
      "bundle",
      "init",
      path.join(dir, "bad"),
      "--template",
      "ts-library",
      "--name",
      "Bad Name",
      "--repository",
      repository,
    );
    assert.equal(named.code, 2);
    assert.match(named.stderr, /--name: expected an npm package name/);
    const template = await ccn(
      "bundle",
      "init",
      path.join(dir, "bad"),
      "--template",
      "rust-crate",
      "--name",
      "x",
      "--repository",
      repository,
    );
    assert.match(template.stderr, /--template: expected one of "ts-library", "solidity-contract"/);
  });

  test("hash names bad input: a hash that does not match, malformed JSON, a parent id's format, weights over 100%", async () => {
    const target = path.join(dir, "hashed");
    assert.equal(
      (await ccn("bundle", "init", target, "--template", "ts-library", "--name", "hashed", "--repository", repository))
        .code,
      0,
    );
    const manifestFile = path.join(target, "coherence.bundle.json");
    const other = `0x${"ab".repeat(32)}`;
    const mismatch = await ccn("bundle", "hash", manifestFile, "--expect", other);
    assert.equal(mismatch.code, 1);
    assert.match(
      mismatch.stdout,
      new RegExp(`^--expect: the declared content hashes to 0x[0-9a-f]{64}, not ${other}$`, "m"),
    );
    assert.equal(
      JSON.parse((await ccn("bundle", "hash", manifestFile, "--expect", other, "--json")).stdout).matches,
      false,
    );

    const manifest = JSON.parse(await readFile(manifestFile, "utf8"));
    const cases: [string, RegExp][] = [
      ['{"format": "coherence-bundle-v1",', /coherence\.bundle\.json: \(root\): is not JSON/],
      [
        JSON.stringify({ ...manifest, parents: [{ assetId: 3, weightBps: 100 }] }),
        /coherence\.bundle\.json: parents\[0\]\.assetId: expected a decimal string/,
      ],
      [
        JSON.stringify({
          ...manifest,
          parents: [
            { assetId: "3", weightBps: 6000 },
            { assetId: "4", weightBps: 5000 },
          ],
        }),
        /coherence\.bundle\.json: parents: weights add up to 11000 bps, more than 10000 \(100%\)/,
      ],
    ];
    for (const [text, expected] of cases) {
      await writeFile(manifestFile, text);
      const run = await ccn("bundle", "hash", manifestFile);
      assert.equal(run.code, 1);
      assert.match(run.stderr, expected);
    }
    const malformedHash = await ccn("bundle", "hash", manifestFile, "--expect", "0xABC");
    assert.equal(malformedHash.code, 2);
    assert.match(malformedHash.stderr, /--expect: expected lower-case 0x and 64 hex digits/);
  });
});
