import { cutSlice, indexManifestChunks, manifestBytes } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";
import { decodeManifest, type JsonValue, type Manifest, verifySlice } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import { auditManifest, auditSlice, type EpochCommitment } from "./manifestAudit.ts";

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

  test("fails where a cost check is missing, pays more than attested or against its outcome, or a weight is not of the paid cost", async () => {
    const { manifest, commitment } = await worked();
    expect(manifest.inputs.costs.length).toBe(manifest.inputs.contributions.length);
    const costsFailing = (m: Manifest) =>
      auditManifest(m, commitment)
        .filter((x) => !x.ok)
        .map((x) => `${x.name}: ${x.detail}`);
    const withCosts = (costs: Manifest["inputs"]["costs"]) => ({ ...manifest, inputs: { ...manifest.inputs, costs } });
    const [first, ...rest] = manifest.inputs.costs;
    const id = first!.contributionId;

    expect(costsFailing(withCosts(rest))).toContainEqual(
      `One cost check per contribution, none paying more than was attested: ${rest.length} cost checks for ${rest.length + 1} contributions`,
    );
    const more = { ...first!.paid, laborMicroUsd: first!.paid.laborMicroUsd + 1n };
    expect(costsFailing(withCosts([{ ...first!, paid: more }, ...rest]))).toContainEqual(
      `One cost check per contribution, none paying more than was attested: contribution ${id} is paid more than was attested`,
    );
    expect(costsFailing(withCosts([{ ...first!, outcome: "held" }, ...rest]))).toContainEqual(
      `One cost check per contribution, none paying more than was attested: contribution ${id} is held but paid`,
    );

    // Paying less than the leaves weighed: the checks are consistent, the weights are not of the paid cost.
    const less = { ...first!.paid, laborMicroUsd: first!.paid.laborMicroUsd - 1n };
    const weighed = manifest.leaves.some((l) =>
      l.sources.some((s) => s.kind === "contributors" && s.contributions.some((c) => c.id === id)),
    );
    expect(weighed).toBe(true);
    expect(costsFailing(withCosts([{ ...first!, outcome: "capped", paid: less }, ...rest]))).toEqual([
      expect.stringMatching(new RegExp(`^Every weight is computed from the paid cost: not for contribution ${id} in `)),
    ]);
  });
});

describe("auditSlice", () => {
  test("audits one account from its verified slice: header, leaves, costs and metric records; fails where they differ", async () => {
    const { manifest, commitment } = await worked();
    const { bytes, contentHash } = await manifestBytes(workedManifest());
    const index = await indexManifestChunks([bytes], contentHash);
    const account = manifest.leaves[0]!.account;
    const read = async (offset: number, length: number) => bytes.subarray(offset, offset + length);
    const slice = await verifySlice((await cutSlice(index, read, account)).text, {
      manifestHash: contentHash,
      account,
    });
    const checks = auditSlice(slice, commitment);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toContain("The account's leaves are in the committed payout tree");
    const weighs = checks.find((c) => c.name === "One cost check per contribution, none paying more than was attested");
    expect(weighs?.detail).toMatch(/^\d+ checks$/);

    const failing = (c: EpochCommitment) =>
      auditSlice(slice, c)
        .filter((x) => !x.ok)
        .map((x) => x.name);
    expect(failing({ ...commitment, payoutRoot: `0x${"11".repeat(32)}` })).toEqual([
      "Payout root in the manifest",
      "The account's leaves are in the committed payout tree",
    ]);
    expect(failing({ ...commitment, totals: commitment.totals.map((t) => t + 1n) })).toEqual(["Per-token totals"]);
    expect(failing({ ...commitment, toBlock: commitment.toBlock + 1n })).toEqual(["Epoch and block range"]);
  });
});
