import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MalformedFieldError, type Manifest } from "@coherence/protocol";
import { validateManifest } from "./validateManifest.ts";
import { workedManifest } from "./workedManifest.ts";

/** Expects `validateManifest` to reject `m` at `field`. */
function rejectsAt(m: Manifest, field: string): void {
  assert.throws(
    () => validateManifest(m),
    (e: unknown) => e instanceof MalformedFieldError && e.field === field,
  );
}

describe("validateManifest", () => {
  const good = workedManifest();

  test("accepts an assembled manifest", () => {
    validateManifest(good);
  });

  test("rejects a leaf whose previous total differs from the inputs", () => {
    const leaves = good.leaves.map((l, i) =>
      i === 2 ? { ...l, previous: l.previous + 1n, cumulative: l.cumulative + 1n } : l,
    );
    rejectsAt({ ...good, leaves }, "leaves[2].previous");
  });

  test("rejects a previous total that no leaf carries", () => {
    const previous = [
      ...good.inputs.previous,
      { account: `0x${"ff".repeat(20)}` as const, token: good.inputs.previous[0]!.token, amount: 5n },
    ];
    rejectsAt({ ...good, inputs: { ...good.inputs, previous } }, "leaves");
  });

  test("rejects totals that do not match the leaves or the revenue", () => {
    const tokens = good.epoch.tokens.map((t, i) => (i === 1 ? { ...t, funded: t.funded + 1n } : t));
    rejectsAt({ ...good, epoch: { ...good.epoch, tokens } }, "epoch.tokens[1].funded");
    const cumulative = good.epoch.tokens.map((t, i) => (i === 0 ? { ...t, cumulative: t.cumulative - 1n } : t));
    rejectsAt({ ...good, epoch: { ...good.epoch, tokens: cumulative } }, "epoch.tokens[0].cumulative");
  });

  test("rejects a flow that loses units and a root that is not the tree's", () => {
    const flows = good.lineageFlows.map((f, i) => (i === 0 ? { ...f, toContributors: f.toContributors - 1n } : f));
    rejectsAt({ ...good, lineageFlows: flows }, "lineageFlows[0]");
    rejectsAt({ ...good, epoch: { ...good.epoch, scoresRoot: good.epoch.payoutRoot } }, "epoch.scoresRoot");
  });

  test("rejects a score for a contribution that is not in the inputs", () => {
    const scores = good.scores.slice(1);
    rejectsAt({ ...good, scores }, "scores");
  });
});
