import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { costReportHash } from "@coherence/protocol";
import { DEFAULT_PRICE_TABLE_FILE } from "@coherence/protocol/node";

import { readCostReport } from "../../costs/costFiles.ts";
import { CostStore } from "../../costs/costStore.ts";
import { createScoringConfig } from "../../scoring/config.ts";
import { COMMANDS } from "../commandTable.ts";
import { dispatchCaptured } from "../dispatchCaptured.ts";
import { ORACLE_CONFIG_FORMAT, writeOracleConfig } from "../oracleConfig.ts";

const example = (file: string) => new URL(`../../../../scenarios/costs/${file}`, import.meta.url).pathname;
const PRICE_TABLE = DEFAULT_PRICE_TABLE_FILE;

const ccn = (...argv: string[]) => dispatchCaptured(COMMANDS, argv);

describe("ccn cost build and ccn cost verify", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-cost-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const verify = (report: string, ...more: string[]) =>
    ccn("cost", "verify", report, "--rate-card", example("rate-card.json"), "--price-table", PRICE_TABLE, ...more);

  test("build writes the worked example's report byte for byte; verify finds nothing and prints the totals", async () => {
    const out = path.join(dir, "report.json");
    const built = await ccn(
      "cost",
      "build",
      "--labor",
      example("time-entries.json"),
      "--rate-card",
      example("rate-card.json"),
      "--subscription",
      example("subscriptions.json"),
      "--machine",
      example("laptop.json"),
      "--machine-hours",
      "16",
      "--out",
      out,
    );
    assert.equal(built.code, 0, built.stderr);
    assert.equal(await readFile(out, "utf8"), await readFile(example("report.json"), "utf8"));
    const checked = await verify(out);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stdout, /labor 2400000000, tools 200000, compute 12990000 micro-USD/);
    assert.match(checked.stdout, /every line and total recomputes/);
  });

  test("build prices AI usage given as tool usage entries, and refuses a model the table lacks", async () => {
    const usage = path.join(dir, "usage.json");
    const entry = {
      end: "2026-11-30T13:00:00Z",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-sonnet-4-5-20250929",
      "gen_ai.usage.input_tokens": 1_000_000,
      "gen_ai.usage.output_tokens": 100_000,
      requests: 10,
      start: "2026-11-30T09:00:00Z",
    };
    await writeFile(usage, JSON.stringify([entry]));
    const out = path.join(dir, "with-usage.json");
    const args = ["--labor", example("time-entries.json"), "--rate-card", example("rate-card.json"), "--out", out];
    const built = await ccn("cost", "build", ...args, "--otel", usage, "--json");
    assert.equal(built.code, 0, built.stderr);
    // $3/M input and $15/M output: 3,000,000 + 1,500,000 micro-USD.
    assert.equal(JSON.parse(built.stdout).totals.toolsMicroUsd, "4500000");
    assert.equal((await verify(out)).code, 0);

    await writeFile(usage, JSON.stringify([{ ...entry, "gen_ai.request.model": "claude-unknown" }]));
    const refused = await ccn("cost", "build", ...args, "--ccusage", usage);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /usage\[0\]: model anthropic\/claude-unknown is not in the price table/);
  });

  test("build reads ccusage and OTLP/JSON exports through the importers and prices every model in them", async () => {
    const fixture = (file: string) => new URL(`../../costs/import/fixtures/${file}`, import.meta.url).pathname;
    const out = path.join(dir, "imported.json");
    const built = await ccn(
      "cost",
      "build",
      "--labor",
      example("time-entries.json"),
      "--rate-card",
      example("rate-card.json"),
      "--ccusage",
      fixture("ccusage-claude-daily.json"),
      "--otel",
      fixture("otlp-genai-spans.json"),
      "--out",
      out,
    );
    assert.equal(built.code, 0, built.stderr);
    const report = JSON.parse(await readFile(out, "utf8"));
    assert.equal(report.tools.usage.length, 7);
    assert.equal((await verify(out)).code, 0);
  });

  test("verify exits 1 and lists every finding of a tampered report, as JSON under --json", async () => {
    const report = JSON.parse(await readFile(example("report.json"), "utf8"));
    report.labor.lines[3].hourlyMicroUsd = "200000000";
    const tampered = path.join(dir, "tampered.json");
    await writeFile(tampered, JSON.stringify(report));
    const checked = await verify(tampered, "--json");
    assert.equal(checked.code, 1);
    assert.deepEqual(JSON.parse(checked.stdout).findings, [
      {
        path: "labor.lines[3].hourlyMicroUsd",
        reason: "200000000 micro-USD/h is outside the rate card's 60000000..150000000 for reviewer",
      },
      {
        path: "labor.lines[3].microUsd",
        reason: "is 480000000, but floor(14400 * 200000000 / 3600) is 800000000",
      },
    ]);
  });

  test("build asks for its required files and for --machine-hours with --machine", async () => {
    assert.match((await ccn("cost", "build", "--out", "x.json")).stderr, /missing --labor FILE/);
    const machine = await ccn(
      "cost",
      "build",
      "--labor",
      "a",
      "--rate-card",
      "b",
      "--out",
      "c",
      "--machine",
      example("laptop.json"),
    );
    assert.equal(machine.code, 2);
    assert.match(machine.stderr, /--machine and --machine-hours go together/);
  });

  test("build with --work prints the evidence fragment that binds the report", async () => {
    const work = `${"a".repeat(40)}..${"b".repeat(40)}`;
    const out = path.join(dir, "bound.json");
    const built = await ccn(
      "cost",
      "build",
      "--labor",
      example("time-entries.json"),
      "--rate-card",
      example("rate-card.json"),
      "--out",
      out,
      "--work",
      work,
      "--json",
    );
    assert.equal(built.code, 0, built.stderr);
    const { reportHash, evidence } = JSON.parse(built.stdout) as { reportHash: string; evidence: string };
    assert.equal(evidence, `${work};cost=${reportHash}`);
  });

  test("publish puts reports and rate cards beside the manifests by hash; a file of another format publishes nothing", async () => {
    const config = path.join(dir, "ccn.config.json");
    await writeOracleConfig(config, {
      format: ORACLE_CONFIG_FORMAT,
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:8545",
      deploymentsDir: dir,
      dataDir: path.join(dir, "data"),
      manifestsDir: path.join(dir, "manifests"),
      scoring: createScoringConfig({}),
      reviews: {},
    });
    const refused = await ccn("cost", "publish", example("rate-card.json"), example("laptop.json"), "--config", config);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /laptop\.json: is neither a coherence-cost-report-v1 nor a coherence-rate-card-v1/);
    const store = CostStore.beside(path.join(dir, "manifests"));
    await assert.rejects(readdir(store.directory), { code: "ENOENT" });

    const published = await ccn(
      "cost",
      "publish",
      example("report.json"),
      example("rate-card.json"),
      "--config",
      config,
      "--json",
    );
    assert.equal(published.code, 0, published.stderr);
    const [report, card] = (JSON.parse(published.stdout) as { published: { hash: `0x${string}` }[] }).published;
    assert.equal(report!.hash, costReportHash(await readCostReport(example("report.json"))));
    // The worked example's report names the rate card it was priced against: the card published with it.
    assert.equal(card!.hash, (await readCostReport(example("report.json"))).labor.rateCardHash);
    assert.ok("json" in (await store.get(report!.hash)));
  });
});
