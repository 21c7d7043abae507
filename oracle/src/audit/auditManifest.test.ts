import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EpochLeaf } from "@coherence/protocol";
import fc from "fast-check";
import { network } from "../epoch/networkArbitrary.ts";
import { assembleManifest } from "../manifest/assembleManifest.ts";
import { epochInputOf } from "../manifest/epochInputOf.ts";
import { networkManifest } from "../manifest/networkManifest.ts";
import { readManifest } from "../manifest/readManifest.ts";
import { cappedWorkedManifest, workedManifestParameters } from "../manifest/workedManifest.ts";
import { manifestBytes } from "../manifest/writeManifest.ts";
import { auditedInput, leafAccount, readForAudit, recomputationFindings } from "./auditManifest.ts";

describe("readForAudit and recomputationFindings", () => {
  test("keep exactly what the whole manifest gives the recomputation, and find nothing, for any random epoch", async () => {
    await fc.assert(
      fc.asyncProperty(network, async (epochInput) => {
        const manifest = networkManifest(epochInput, () => null);
        const { bytes } = await manifestBytes(manifest);
        const whole = (await readManifest([bytes])).manifest;
        const audited = await readForAudit([bytes]);
        assert.deepEqual(auditedInput(audited), epochInputOf(whole));
        assert.deepEqual(
          whole.inputs.contributions.map((_, i) => audited.attested(i)),
          whole.inputs.contributions.map((c) => ({
            laborMicroUsd: c.laborMicroUsd,
            toolsMicroUsd: c.toolsMicroUsd,
            computeMicroUsd: c.computeMicroUsd,
          })),
        );
        assert.deepEqual(
          Array.from({ length: audited.leaves.length }, (_, k) => leafAccount(audited.leaves, k)),
          whole.leaves.map((l) => l.account),
        );
        assert.deepEqual(
          audited.leaves.cumulative,
          whole.leaves.map((l) => l.cumulative),
        );
        assert.deepEqual(recomputationFindings(audited), []);
      }),
      { numRuns: 40 },
    );
  });

  test("a capped contribution is recomputed at its paid cost and keeps its attested one for the chain check", async () => {
    const { manifest, attested: first, paid } = cappedWorkedManifest();
    const audited = await readForAudit([(await manifestBytes(manifest)).bytes], { keepChecks: true });
    assert.equal(audited.inputs.contributions[0]!.laborMicroUsd, paid.laborMicroUsd);
    assert.equal(audited.attested(0).laborMicroUsd, first.laborMicroUsd);
    assert.deepEqual(audited.checks?.costs, manifest.inputs.costs);
    assert.deepEqual(recomputationFindings(audited), []);
  });

  test("name the roots and every leaf of a self-consistent manifest that the inputs do not give", async () => {
    // One unit moved between two leaves of a token, sources and trees made to match: every check but the recomputation passes.
    const parameters = workedManifestParameters();
    const leaves = parameters.result.leaves.map((l) => ({ ...l, sources: [...l.sources] }));
    const [from, to] = leaves.filter((l) => l.token === leaves[0]!.token && l.sources.length > 0 && l.previous === 0n);
    const move = (leaf: EpochLeaf, delta: bigint) => {
      const s = leaf.sources as EpochLeaf["sources"][number][];
      s[0] = { ...s[0]!, amount: s[0]!.amount + delta };
      Object.assign(leaf, { amount: leaf.amount + delta, cumulative: leaf.cumulative + delta });
    };
    move(from!, -1n);
    move(to!, 1n);
    const manifest = assembleManifest({ ...parameters, result: { ...parameters.result, leaves } });
    const audited = await readForAudit([(await manifestBytes(manifest)).bytes]);
    const findings = recomputationFindings(audited);
    assert.equal(findings.length, 3, findings.join("\n"));
    assert.match(findings[0]!, /^payout root: manifest 0x[0-9a-f]{64}, recomputed 0x[0-9a-f]{64}$/);
    assert.ok(
      findings.includes(
        `leaf ${from!.account} ${from!.token}: manifest cumulative ${from!.cumulative} (this epoch ${from!.amount}), recomputed cumulative ${from!.cumulative + 1n} (this epoch ${from!.amount + 1n})`,
      ),
      findings.join("\n"),
    );
    assert.ok(findings.some((f) => f.startsWith(`leaf ${to!.account} ${to!.token}: manifest`)));
  });
});
