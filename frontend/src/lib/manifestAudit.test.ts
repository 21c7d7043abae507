import type { Hex } from "viem";
import { describe, expect, test } from "vitest";

import type { Manifest } from "./manifest.ts";
import { auditManifest, type EpochCommitment } from "./manifestAudit.ts";
import { manifestBytes } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";

/** The oracle's worked manifest as the browser sees it (parsed JSON) and the commitment it was proposed with. */
async function worked(): Promise<{ manifest: Manifest; commitment: EpochCommitment }> {
  const { bytes } = await manifestBytes(workedManifest());
  const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Manifest;
  const e = manifest.epoch;
  return {
    manifest,
    commitment: {
      number: BigInt(e.number),
      fromBlock: BigInt(e.fromBlock),
      toBlock: BigInt(e.toBlock),
      payoutRoot: e.payoutRoot,
      scoresRoot: e.scoresRoot,
      tokens: e.tokens.map((t) => t.token),
      totals: e.tokens.map((t) => BigInt(t.cumulative)),
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
    const failing = (m: Manifest, c: EpochCommitment = commitment) => auditManifest(m, c).filter((x) => !x.ok).map((x) => x.name);

    const leaves = manifest.leaves.map((l, i) => (i === 0 ? { ...l, cumulative: (BigInt(l.cumulative) + 1n).toString() } : l));
    expect(failing({ ...manifest, leaves })).toEqual(expect.arrayContaining(["Every leaf hashes to its tree node", "Leaves add up to the totals"]));

    const nodes = [...manifest.payoutTree.nodes];
    nodes[1] = `0x${"11".repeat(32)}` as Hex;
    expect(failing({ ...manifest, payoutTree: { ...manifest.payoutTree, nodes } })).toContain("Every internal node hashes its children");

    const scores = manifest.scores.map((x, i) => (i === 0 ? { ...x, metrics: { ...(x.metrics as object), tampered: 1 } } : x));
    expect(failing({ ...manifest, scores })).toEqual(["Every metric record hashes to its committed metrics hash"]);

    expect(failing(manifest, { ...commitment, payoutRoot: `0x${"22".repeat(32)}` })).toEqual(
      expect.arrayContaining(["Payout root in the manifest", "Tree root is the committed root"]),
    );
  });
});
