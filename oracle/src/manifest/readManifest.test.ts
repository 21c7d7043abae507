import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MalformedFieldError, UnsupportedFormatError } from "@coherence/protocol";
import fc from "fast-check";
import { network } from "../epoch/networkArbitrary.ts";
import { networkManifest } from "./networkManifest.ts";
import { readManifest } from "./readManifest.ts";
import { workedManifest } from "./workedManifest.ts";
import { manifestBytes } from "./writeManifest.ts";

const published = await manifestBytes(workedManifest());
const lines = Buffer.from(published.bytes).toString("utf8").split("\n");

/** The manifest with line `n` (0-based) replaced. */
function withLine(n: number, replace: (line: string) => string): string {
  return lines.map((l, i) => (i === n ? replace(l) : l)).join("\n");
}
/** Index of the first line that starts with `prefix`, after the line that opens `section` when given. */
const lineOf = (prefix: string, section?: string): number => {
  const from = section === undefined ? 0 : lines.findIndex((l) => l.startsWith(section));
  return lines.findIndex((l, i) => i > from && l.startsWith(prefix));
};
const LEAVES = ']},"leaves"';

async function rejects(source: string, check: (e: MalformedFieldError) => boolean): Promise<void> {
  await assert.rejects(readManifest([source]), (e: unknown) => {
    assert.ok(e instanceof MalformedFieldError, String(e));
    assert.ok(check(e), e.message);
    return true;
  });
}

describe("readManifest", () => {
  test("round-trips what writeManifest wrote, with the same content hash", async () => {
    const original = workedManifest();
    const { manifest, contentHash, byteLength } = await readManifest([published.bytes]);
    assert.equal(contentHash, published.contentHash);
    assert.equal(byteLength, published.bytes.length);
    assert.deepEqual(manifest, {
      ...original,
      payoutTree: { ...original.payoutTree, leafEncoding: [...original.payoutTree.leafEncoding] },
      scoresTree: { ...original.scoresTree, leafEncoding: [...original.scoresTree.leafEncoding] },
    });
  });

  test("round-trips the manifest of any random epoch", async () => {
    await fc.assert(
      fc.asyncProperty(network, async (epochInput) => {
        const manifest = networkManifest(epochInput);
        const written = await manifestBytes(manifest);
        const read = await readManifest([written.bytes]);
        assert.equal(read.contentHash, written.contentHash);
        assert.deepEqual(read.manifest.leaves, manifest.leaves);
        assert.deepEqual(read.manifest.lineageFlows, manifest.lineageFlows);
        assert.deepEqual(read.manifest.inputs, manifest.inputs);
        assert.deepEqual(read.manifest.payoutTree.nodes, manifest.payoutTree.nodes);
        assert.equal(read.manifest.epoch.payoutRoot, manifest.epoch.payoutRoot);
      }),
      { numRuns: 40 },
    );
  });

  test("reads the same whatever the chunking, even mid-character", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(published.bytes.length), { maxLength: 30 }), async (cuts) => {
        const points = [...new Set([0, ...cuts, published.bytes.length])].sort((a, b) => a - b);
        const chunks = points.slice(1).map((end, i) => published.bytes.subarray(points[i]!, end));
        const { contentHash } = await readManifest(chunks);
        assert.equal(contentHash, published.contentHash);
      }),
      { numRuns: 30 },
    );
  });

  test("rejects another format version before anything else", async () => {
    await assert.rejects(
      readManifest([
        withLine(0, (l) =>
          l.replace('"format":"coherence-epoch-manifest-v3"', '"format":"coherence-epoch-manifest-v4"'),
        ),
      ]),
      UnsupportedFormatError,
    );
  });

  test("names a tampered leaf amount", async () => {
    const n = lineOf('{"account":"0x2222', LEAVES);
    await rejects(
      withLine(n, (l) => l.replace('"amount":"301"', '"amount":"302"')),
      (e) => e.field === "leaves[2].amount" && /sum of its sources/.test(e.message),
    );
  });

  test("names a leaf whose cumulative no longer matches the payout tree", async () => {
    // Carol's U leaf lowered by one everywhere it appears: self-consistent, but not the committed leaf.
    const n = lineOf('{"account":"0x3333', LEAVES);
    const tampered = withLine(n, (l) =>
      l.replace(/"amount":"601"/g, '"amount":"600"').replace('"cumulative":"601"', '"cumulative":"600"'),
    );
    await rejects(
      tampered,
      (e) => e.field === "leaves[4]" && /does not match its leaf at payoutTree\.nodes/.test(e.message),
    );
  });

  test("names a tampered tree node", async () => {
    const n = lineOf('],"payoutTree"') + 3;
    await rejects(
      withLine(n, (l) => `"0x${"ab".repeat(32)}"${l.endsWith(",") ? "," : ""}`),
      (e) => /^payoutTree\.nodes\[\d+\]$|^leaves\[\d+\]$/.test(e.field),
    );
  });

  test("names non-canonical lines, floats and missing fields with their line", async () => {
    const n = lineOf('{"account":"0x1111', LEAVES);
    await rejects(
      withLine(n, (l) => l.replace('"account":', '"account": ')),
      (e) => e.field === "leaves[0]" && e.line === n + 1 && /canonical form/.test(e.message),
    );
    await rejects(
      withLine(n, (l) => l.replace(/"treeIndex":\d+/, '"treeIndex":1.5')),
      (e) => e.field === "leaves[0].treeIndex",
    );
    await rejects(
      withLine(n, (l) => l.replace(/,"token":"0x[0-9a-f]+"/, "")),
      (e) => e.field === "leaves[0].token" && /missing/.test(e.message),
    );
    const s = lineOf('{"coherenceBps"');
    await rejects(
      withLine(s, (l) => l.replace('"lintBps":9900', '"lintBps":0.99')),
      (e) => e.field === "scores[0].metrics.lintBps",
    );
  });

  test("names a metrics record that no longer matches its hash", async () => {
    const s = lineOf('{"coherenceBps"');
    await rejects(
      withLine(s, (l) => l.replace('"lintBps":9900', '"lintBps":9901')),
      (e) => e.field === "scores[0].metricsHash",
    );
  });

  test("rejects a changed config through its hash", async () => {
    await rejects(
      withLine(0, (l) => l.replace('"baseBps":5000', '"baseBps":5001')),
      (e) => e.field === "configHash",
    );
  });

  test("rejects upper-case addresses, a trailing comma, a missing comma, truncation and trailing content", async () => {
    const n = lineOf('{"account":"0x1111', LEAVES);
    await rejects(
      withLine(n, (l) =>
        l.replace('"account":"0x1111111111111111111111111111111111111111"', `"account":"0x${"1".repeat(39)}A"`),
      ),
      (e) => e.field === "leaves[0].account",
    );
    const lastAsset = lineOf('],"contributions"') - 1;
    await rejects(
      withLine(lastAsset, (l) => `${l},`),
      (e) => e.field === "inputs.assets[4]" && /last element/.test(e.message),
    );
    await rejects(
      withLine(1, (l) => l.slice(0, -1)),
      (e) => e.field === "inputs.assets[0]" && /not followed by a comma/.test(e.message),
    );
    await rejects(`${lines.slice(0, 40).join("\n")}\n`, (e) => /ends before its closing line/.test(e.message));
    await rejects(`${lines.join("\n")}{}\n`, (e) => /after its closing line/.test(e.message));
    await rejects(lines.join("\n").slice(0, -1), (e) => /newline/.test(e.message));
  });

  test("rejects a leaf out of order", async () => {
    const a = lineOf('{"account":"0x1111', LEAVES);
    const swapped = [...lines];
    [swapped[a], swapped[a + 1]] = [swapped[a + 1]!, swapped[a]!];
    await rejects(swapped.join("\n"), (e) => e.field === "leaves[1]" && /strictly after/.test(e.message));
  });
});
