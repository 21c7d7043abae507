import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { MalformedFieldError } from "@coherence/protocol";
import { InputFileError } from "@coherence/protocol/node";

import { readCcusage, readCostReport, readRateCard, readTimeEntries } from "./costFiles.ts";
import { MAX_COST_FILE_BYTES, readCostJson } from "./readCostFile.ts";

describe("reading cost files", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-cost-files-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string) => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };

  test("refuses a file over 1 MiB before parsing it, and reads one of exactly the cap", async () => {
    const big = await write("big.json", `"${"x".repeat(MAX_COST_FILE_BYTES)}"`);
    await assert.rejects(readCostJson(big), (error: unknown) => {
      assert.ok(error instanceof InputFileError);
      assert.equal(error.message, `${big}: is larger than 1048576 bytes, the limit for a cost file`);
      return true;
    });
    const exact = await write("exact.json", `"${"x".repeat(MAX_COST_FILE_BYTES - 2)}"`);
    assert.equal(((await readCostJson(exact)) as string).length, MAX_COST_FILE_BYTES - 2);
  });

  test("names the file that is missing or not JSON", async () => {
    await assert.rejects(readCostJson(path.join(dir, "absent.json")), /absent\.json: cannot be read \(ENOENT/);
    await assert.rejects(readCostJson(await write("broken.json", "{")), /broken\.json: is not JSON/);
  });

  test("names the file and field of a malformed rate card, time entry or usage entry", async () => {
    const card = await write(
      "card.json",
      JSON.stringify({
        asset: "a",
        format: "coherence-rate-card-v1",
        roles: { engineer: { maxHourlyMicroUsd: "1", minHourlyMicroUsd: "2" } },
      }),
    );
    await assert.rejects(readRateCard(card), (error: unknown) => {
      assert.ok(error instanceof MalformedFieldError);
      assert.equal(error.message, `${card}: roles.engineer.minHourlyMicroUsd: exceeds maxHourlyMicroUsd (1)`);
      return true;
    });
    const entries = await write(
      "entries.json",
      JSON.stringify({
        entries: [
          {
            description: "x",
            end: "2026-11-30T09:00:00Z",
            hourlyMicroUsd: 1.5,
            role: "engineer",
            start: "2026-11-30T10:00:00Z",
          },
        ],
        format: "coherence-time-entries-v1",
      }),
    );
    await assert.rejects(readTimeEntries(entries), /entries\[0\]\.hourlyMicroUsd: expected a decimal string/);
    const usage = await write("usage.json", JSON.stringify([{ requests: 1 }]));
    await assert.rejects(readCcusage(usage), /usage\.json: \[0\]\.end: missing/);
  });

  test("refuses a report whose labor line ends before it starts, or with a field it does not declare", async () => {
    const worked = new URL("../../../scenarios/costs/report.json", import.meta.url);
    const report = JSON.parse(await readFile(worked, "utf8"));
    report.labor.lines[0].end = report.labor.lines[0].start;
    await assert.rejects(readCostReport(await write("backwards.json", JSON.stringify(report))), (error: unknown) => {
      assert.ok(error instanceof MalformedFieldError);
      assert.equal(error.field, "labor.lines[0].end");
      assert.equal(error.problem, "is not after start (2026-11-30T09:00:00Z)");
      return true;
    });
    const extra = { ...JSON.parse(await readFile(worked, "utf8")), note: "x" };
    await assert.rejects(readCostReport(await write("extra.json", JSON.stringify(extra))), /note: unexpected field/);
  });
});
