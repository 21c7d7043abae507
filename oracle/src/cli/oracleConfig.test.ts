import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { MalformedFieldError } from "@coherence/protocol";
import { InputFileError } from "@coherence/protocol/node";

import { createScoringConfig } from "../scoring/config.ts";
import { ORACLE_CONFIG_FORMAT, type OracleConfig, readOracleConfig, writeOracleConfig } from "./oracleConfig.ts";

const CONTRIBUTION = `0x${"Ab".repeat(32)}`;
const config: OracleConfig = {
  format: ORACLE_CONFIG_FORMAT,
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:8545",
  deploymentsDir: "deployments",
  dataDir: "operator",
  manifestsDir: "/srv/manifests",
  scoring: createScoringConfig({ "1": { url: "https://example.org/app.git", path: "repos/app" } }),
  reviews: { [CONTRIBUTION]: { reviewer: `0x${"cd".repeat(20)}`, bps: 8000, rationale: "Clear and complete." } },
};

describe("oracle config", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-config-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /**
   * The config file's JSON as the edits below see it: they deliberately write values of the wrong type,
   * delete required fields and add unknown ones, at any depth.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the edits deliberately write invalid values of any type at any depth
  type LooseJson = Record<string, any>;

  /** Writes `config` with `edit` applied to its JSON and returns the error reading it gives. */
  const failure = async (edit: (json: LooseJson) => void): Promise<MalformedFieldError> => {
    const file = path.join(dir, "ccn.config.json");
    await writeOracleConfig(file, config);
    const json: LooseJson = JSON.parse(await readFile(file, "utf8"));
    edit(json);
    await writeFile(file, JSON.stringify(json));
    const error = await readOracleConfig(file, {}).then(
      () => assert.fail("the config was accepted"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof MalformedFieldError, `expected a MalformedFieldError, got ${error}`);
    assert.ok(error.message.startsWith(`${file}: `), error.message);
    return error;
  };

  test("reads back what was written, paths resolved against the file's directory and review ids in lower case", async () => {
    const file = path.join(dir, "ccn.config.json");
    await writeOracleConfig(file, config);
    const read = await readOracleConfig(file, {});
    assert.equal(read.deploymentsDir, path.join(dir, "deployments"));
    assert.equal(read.dataDir, path.join(dir, "operator"));
    assert.equal(read.manifestsDir, "/srv/manifests");
    assert.equal(read.scoring.repositories["1"]!.path, path.join(dir, "repos/app"));
    assert.deepEqual(read.reviews, { [CONTRIBUTION.toLowerCase()]: config.reviews[CONTRIBUTION] });
    assert.equal(read.rpcUrl, config.rpcUrl);
  });

  test("no reviews is the same as none to apply", async () => {
    const file = path.join(dir, "ccn.config.json");
    const { reviews: _, ...withoutReviews } = config;
    await writeFile(file, JSON.stringify(withoutReviews));
    assert.deepEqual((await readOracleConfig(file, {})).reviews, {});
  });

  test("CCN_RPC_URL overrides rpcUrl, and is checked", async () => {
    const file = path.join(dir, "ccn.config.json");
    await writeOracleConfig(file, config);
    assert.equal(
      (await readOracleConfig(file, { CCN_RPC_URL: "http://10.0.0.1:8545/" })).rpcUrl,
      "http://10.0.0.1:8545",
    );
    await assert.rejects(
      readOracleConfig(file, { CCN_RPC_URL: "nowhere" }),
      /^MalformedFieldError: CCN_RPC_URL: expected an absolute URL, got "nowhere"/,
    );
  });

  test("names the field of a missing, mistyped or unknown field, in scoring and reviews too", async () => {
    assert.equal((await failure((c) => delete c.dataDir)).field, "dataDir");
    assert.equal((await failure((c) => (c.format = "coherence-oracle-v0"))).field, "format");
    assert.equal((await failure((c) => (c.chainId = "31337"))).field, "chainId");
    assert.equal((await failure((c) => (c.rpcUrl = "localhost"))).field, "rpcUrl");
    assert.equal((await failure((c) => (c.manifestsDir = ""))).field, "manifestsDir");
    assert.equal((await failure((c) => (c.dataDirectory = "x"))).field, "dataDirectory");
    assert.equal((await failure((c) => (c.scoring.weights.lint = "high"))).field, "scoring.weights.lint");
    assert.equal((await failure((c) => (c.reviews = { "0x12": c.reviews[CONTRIBUTION] }))).field, "reviews.0x12");
    const review = await failure((c) => (c.reviews[CONTRIBUTION].bps = 10_001));
    assert.equal(review.field, `reviews.${CONTRIBUTION}.bps`);
    assert.match(review.message, /expected an integer 0\.\.10000, got 10001/);
  });

  test("a truncated config is named as not JSON, a missing one says how to name another", async () => {
    const file = path.join(dir, "truncated.json");
    await writeFile(file, '{ "format": "coherence-oracle-v1", "chainId": 31');
    await assert.rejects(
      readOracleConfig(file, {}),
      (e: unknown) => e instanceof MalformedFieldError && e.message.startsWith(`${file}: (root): is not JSON`),
    );
    await assert.rejects(
      readOracleConfig(path.join(dir, "nowhere.json"), {}),
      (e: unknown) => e instanceof InputFileError && /pass --config or set CCN_CONFIG/.test(e.message),
    );
  });
});
