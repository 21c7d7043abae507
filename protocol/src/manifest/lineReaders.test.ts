import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import fc from "fast-check";

import { jsonText, type Schema } from "../schema.ts";
import { canonicalJson, isCanonicalText } from "./canonicalJson.ts";
import { type ElementSection, SECTION_SCHEMAS } from "./decodeManifest.ts";
import { type CostCheck, costCheckSchema, type ManifestScoreEntry, scoreSchema } from "./elements.ts";
import { sectionsOf } from "./layout.ts";
import { LINE_READERS, type ReadableSection, readLine } from "./lineReaders.ts";

/** The thorough decoding of an element line: JSON.parse, the canonical check, the section's schema; throws to refuse. */
function thorough(section: ElementSection, text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!isCanonicalText(text, value)) throw new Error("not canonical");
  return (SECTION_SCHEMAS[section] as Schema<unknown>).decode(value, { path: [section] });
}

/** Every element line of the published fixtures with its section, without its comma. */
async function fixtureLines(): Promise<{ section: ElementSection; text: string }[]> {
  const out: { section: ElementSection; text: string }[] = [];
  for (const file of ["worked-example-v1.json", "worked-example-v2.json", "random-network-v1.json"]) {
    const lines = (await readFile(new URL(`./fixtures/${file}`, import.meta.url), "utf8")).split("\n");
    const format = /"format":"([^"]+)"/.exec(lines[0]!)![1]!;
    const sections = sectionsOf(format);
    let s = 0;
    for (const line of lines.slice(1)) {
      if (s + 1 < sections.length && line === sections[s + 1]!.opening) s++;
      else if (!line.startsWith("]") && line !== "") {
        const section = sections[s]!.path;
        if (SECTION_SCHEMAS[section] !== "nodes")
          out.push({ section: section as ElementSection, text: line.endsWith(",") ? line.slice(0, -1) : line });
      }
    }
  }
  return out;
}

const ID = `0x${"ab".repeat(32)}` as const;
const check: CostCheck = {
  approval: { rationale: "reviewed by hand", reviewer: `0x${"12".repeat(20)}` },
  contributionId: ID,
  findings: [
    { effect: "line", path: "lines[0].hours", reason: "outside the window" },
    { effect: "cap", path: "labor", reason: "above the counted lines" },
  ],
  outcome: "approved",
  paid: { computeMicroUsd: 0n, laborMicroUsd: 12_000_000n, toolsMicroUsd: 18_446_744_073_709_551_615n },
  report: ID,
};
const score: ManifestScoreEntry = {
  coherenceBps: 10_000,
  contributionId: ID,
  metrics: { a: [1, -2, true, null, "x"], b: { c: {}, d: [] }, e: 9_007_199_254_740_991 },
  metricsHash: ID,
  treeIndex: 3,
};
/** Lines the fixtures lack: a cost check with findings and an approval, metrics of every JSON kind. */
const EXTRA: { section: ElementSection; text: string }[] = [
  { section: "inputs.costs", text: canonicalJson(costCheckSchema.encode(check)) },
  { section: "scores", text: canonicalJson(scoreSchema.encode(score)) },
];

const lines = [...(await fixtureLines()), ...EXTRA];

/** Characters that break canonical lines in interesting ways. */
const EDITS = [
  '"',
  "\\",
  ",",
  "}",
  "]",
  "{",
  " ",
  "0",
  "1",
  "9",
  "-",
  ".",
  "e",
  "A",
  "x",
  ":",
  "n",
  "\u00e9",
  "\u0001",
];

describe("fast line readers", () => {
  test("read every published element line, to the value the thorough decoder gives, keys in the same order", () => {
    const sections = new Set<string>();
    for (const { section, text } of lines) {
      // A non-ASCII metric (the worked example's note) is left to the thorough decoder; everything else is read.
      if (/[^ -~]/.test(text)) continue;
      const fast = readLine(section as ReadableSection, text);
      assert.notEqual(fast, undefined, `${section}: ${text}`);
      assert.deepStrictEqual(fast, thorough(section, text));
      assert.equal(jsonText(fast), jsonText(thorough(section, text)));
      sections.add(section);
    }
    assert.deepEqual([...sections].sort(), Object.keys(LINE_READERS).sort());
  });

  test("accept an edited line only if the thorough decoder accepts it, with the same value", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...lines),
        fc.array(
          fc.record({ at: fc.nat(), remove: fc.nat(3), insert: fc.constantFrom("", ...EDITS, '"0x', "00", "-0") }),
          { minLength: 1, maxLength: 3 },
        ),
        ({ section, text }, edits) => {
          let edited = text;
          for (const { at, remove, insert } of edits) {
            const p = at % (edited.length + 1);
            edited = edited.slice(0, p) + insert + edited.slice(p + remove);
          }
          const fast = readLine(section as ReadableSection, edited);
          if (fast === undefined) return;
          assert.deepStrictEqual(fast, thorough(section, edited), `${section}: ${edited}`);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test("read empty and one-character strings as they are (an empty string once read as its closing quote)", () => {
    const base = canonicalJson(scoreSchema.encode(score));
    for (const metrics of ['{"tag":""}', '{"tag":"a"}', '""', '["","b",""]']) {
      const text = base.replace(/"metrics":.*,"metricsHash"/, `"metrics":${metrics},"metricsHash"`);
      assert.deepStrictEqual(readLine("scores", text), thorough("scores", text), text);
    }
  });

  test("leave to the thorough decoder what only it can judge: escapes, index keys, numbers past 2^53, -0, deep nesting", () => {
    const base = canonicalJson(scoreSchema.encode(score));
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    for (const metrics of [
      '{"a":"\\u0041"}',
      '{"10":1,"9":2}',
      '{"__proto__":1}',
      "9007199254740993",
      "-0",
      "1e3",
      deep,
    ]) {
      const text = base.replace(/"metrics":.*,"metricsHash"/, `"metrics":${metrics},"metricsHash"`);
      assert.equal(readLine("scores", text), undefined, text.slice(0, 200));
    }
    const leading = canonicalJson(costCheckSchema.encode(check)).replace(
      '"laborMicroUsd":"12000000"',
      '"laborMicroUsd":"012"',
    );
    assert.equal(readLine("inputs.costs", leading), undefined);
    const over = canonicalJson(costCheckSchema.encode(check)).replace("18446744073709551615", "18446744073709551616");
    assert.equal(readLine("inputs.costs", over), undefined);
    assert.throws(() => thorough("inputs.costs", over), /exceeds/);
  });
});
