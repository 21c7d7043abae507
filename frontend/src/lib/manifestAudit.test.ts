import { manifestBytes } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";
import { decodeManifest, type JsonValue, type Manifest } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { auditManifest, type EpochCommitment } from "./manifestAudit.ts";

/** The oracle's worked manifest as the browser sees it (its bytes decoded) and the commitment it was proposed with. */
async function worked(): Promise<{ manifest: Manifest; commitment: EpochCommitment }> {
  const { bytes } = await manifestBytes(workedManifest());
  const { manifest } = await decodeManifest([bytes]);
  const e = manifest.epoch;
  return {
    manifest,
    commitment: {
      number: e.number,
      fromBlock: e.fromBlock,
      toBlock: e.toBlock,
      payoutRoot: e.payoutRoot,
      scoresRoot: e.scoresRoot,
      tokens: e.tokens.map((t) => t.token),
      totals: e.tokens.map((t) => t.cumulative),
    },
  };
}

describe("auditManifest", () => {
  test("passes every check for the oracle's own manifest", async () => {
    const { manifest, commitment } = await worked();
    const checks = auditManifest(manifest, commitment);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(8);
  });

  test("fails where a leaf amount, a tree node or the committed root differs", async () => {
    const { manifest, commitment } = await worked();
    const failing = (m: Manifest, c: EpochCommitment = commitment) =>
      auditManifest(m, c)
        .filter((x) => !x.ok)
        .map((x) => x.name);

    const leaves = manifest.leaves.map((l, i) => (i === 0 ? { ...l, cumulative: l.cumulative + 1n } : l));
    expect(failing({ ...manifest, leaves })).toEqual(
      expect.arrayContaining(["Every leaf hashes to its tree node", "Leaves add up to the totals"]),
    );

    const nodes = manifest.payoutTree.nodes.slice();
    nodes.fill(0x11, 32, 64);
    expect(failing({ ...manifest, payoutTree: { ...manifest.payoutTree, nodes } })).toContain(
      "Every internal node hashes its children",
    );

    const scores = manifest.scores.map((x, i) =>
      i === 0 ? { ...x, metrics: { ...(x.metrics as { [key: string]: JsonValue }), tampered: 1 } } : x,
    );
    expect(failing({ ...manifest, scores })).toEqual(["Every metric record hashes to its committed metrics hash"]);

    expect(failing(manifest, { ...commitment, payoutRoot: `0x${"22".repeat(32)}` })).toEqual(
      expect.arrayContaining(["Payout root in the manifest", "Tree root is the committed root"]),
    );
  });
});
