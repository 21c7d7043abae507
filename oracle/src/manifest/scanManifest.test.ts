import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeManifest, MalformedFieldError, type Manifest } from "@coherence/protocol";
import fc from "fast-check";
import { network } from "../epoch/networkArbitrary.ts";
import { networkManifest } from "./networkManifest.ts";
import { readManifest } from "./readManifest.ts";
import { scanManifest } from "./scanManifest.ts";
import { workedManifest } from "./workedManifest.ts";
import { manifestBytes } from "./writeManifest.ts";

/** What a visitor of every section sees, gathered into the shape of a decoded manifest. */
async function gathered(bytes: Uint8Array): Promise<{ manifest: Manifest; contentHash: string }> {
  const sections: Record<string, unknown[]> = {};
  const trees: Record<string, Uint8Array> = {};
  const keep = (path: string) => (element: unknown, index: number) => {
    sections[path] ??= [];
    assert.equal(index, sections[path].length, "elements arrive in order, with their index");
    sections[path].push(element);
  };
  const paths = [
    "inputs.assets",
    "inputs.contributions",
    "inputs.costs",
    "inputs.previous",
    "inputs.revenue",
    "leaves",
    "lineageFlows",
    "scores",
  ];
  const { header, contentHash } = await scanManifest([bytes], {
    elements: Object.fromEntries(paths.map((path) => [path, keep(path)])),
    nodes: (section, nodes) => {
      trees[section] = nodes;
    },
  });
  const list = (path: string) => (sections[path] ?? []) as never;
  return {
    contentHash,
    manifest: {
      ...header,
      inputs: {
        assets: list("inputs.assets"),
        contributions: list("inputs.contributions"),
        costs: list("inputs.costs"),
        previous: list("inputs.previous"),
        revenue: list("inputs.revenue"),
      },
      leaves: list("leaves"),
      lineageFlows: list("lineageFlows"),
      payoutTree: { leafEncoding: ["address", "address", "uint256"], nodes: trees["payoutTree.nodes"]! },
      scores: list("scores"),
      scoresTree: { leafEncoding: ["bytes32", "uint16", "bytes32"], nodes: trees["scoresTree.nodes"]! },
    },
  };
}

describe("scanManifest", () => {
  test("a visitor sees exactly what the whole-manifest reader decodes, for any random epoch", async () => {
    await fc.assert(
      fc.asyncProperty(network, async (epochInput) => {
        const manifest = networkManifest(epochInput);
        const { bytes, contentHash } = await manifestBytes(manifest);
        const whole = await decodeManifest([bytes]);
        const streamed = await gathered(bytes);
        assert.equal(streamed.contentHash, contentHash);
        assert.deepEqual(streamed.manifest, whole.manifest);
      }),
      { numRuns: 40 },
    );
  });

  test("rejects a truncated or tampered manifest with the error the whole-manifest reader gives", async () => {
    const { bytes } = await manifestBytes(workedManifest());
    const lines = Buffer.from(bytes).toString("utf8").split("\n");
    const leaves = lines.findIndex((l) => l.startsWith(']},"leaves"'));
    const leaf = lines.findIndex((l, i) => i > leaves && l.startsWith('{"account":"0x2222'));
    const cases = [
      `${lines.slice(0, 40).join("\n")}\n`,
      lines.map((l, i) => (i === leaf ? l.replace('"amount":"301"', '"amount":"302"') : l)).join("\n"),
      lines.join("\n").slice(0, -1),
    ];
    for (const text of cases) {
      const expected = await readManifest([text]).then(
        () => assert.fail("the whole-manifest reader accepted it"),
        (error: unknown) => error,
      );
      assert.ok(expected instanceof MalformedFieldError, String(expected));
      await assert.rejects(scanManifest([text]), (error: unknown) => {
        assert.ok(error instanceof MalformedFieldError, String(error));
        assert.equal(error.field, expected.field);
        assert.equal(error.problem, expected.problem);
        return true;
      });
    }
  });
});
