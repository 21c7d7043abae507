/**
 * The worked example (oracle/docs/worked-example.md) as a manifest, with
 * stand-in metric records: a small, fully known manifest for tests and demos.
 */

import { type CostCheck, canonicalHash, type JsonValue, type Manifest } from "@coherence/protocol";
import { computeEpoch } from "../epoch/computeEpoch.ts";
import { WORKED_EXAMPLE } from "../epoch/workedExample.ts";
import { type AssembleManifestParameters, assembleManifest } from "./assembleManifest.ts";

/** Stand-in metrics for contribution `k` (integers in bps, a non-ASCII note to exercise UTF-8). */
function metricsOf(k: number, coherenceBps: number): JsonValue {
  return { coherenceBps, lintBps: 10000 - 100 * k, note: k === 1 ? "reviewed — ✓" : null, testsBps: 1000 * k };
}

/** The parameters the worked example's manifest is assembled from. */
export function workedManifestParameters(): AssembleManifestParameters {
  const scores = WORKED_EXAMPLE.scores.map((s, k) => {
    const metrics = metricsOf(k + 1, s.coherenceBps);
    return { ...s, metrics, metricsHash: canonicalHash(metrics) };
  });
  const input = { ...WORKED_EXAMPLE, scores };
  return {
    codeVersion: "coherence-oracle@0.1.0",
    epoch: { number: 2n, fromBlock: 101n, toBlock: 200n },
    input,
    scoringConfig: { weights: { lintBps: 5000, testsBps: 5000 } },
    result: computeEpoch(input),
  };
}

/** The worked example's manifest. */
export function workedManifest(): Manifest {
  return assembleManifest(workedManifestParameters());
}

/**
 * The worked example's manifest with its first contribution's cost checked and capped: its labour paid at half what
 * was attested, its tools and compute not at all; the others unreported, paid as attested. `attested` is what the
 * ledger attested for the first contribution, `paid` what it is paid.
 */
export function cappedWorkedManifest(): {
  manifest: Manifest;
  attested: AssembleManifestParameters["input"]["contributions"][number];
  paid: { laborMicroUsd: bigint; toolsMicroUsd: bigint; computeMicroUsd: bigint };
} {
  const parameters = workedManifestParameters();
  const attested = parameters.input.contributions[0]!;
  const paid = { laborMicroUsd: attested.laborMicroUsd / 2n, toolsMicroUsd: 0n, computeMicroUsd: 0n };
  const checks: CostCheck[] = parameters.input.contributions.map((c, i) => ({
    approval: null,
    contributionId: c.id,
    findings: i === 0 ? [{ path: "labor.lines[0].start", reason: "is before the work's window", effect: "line" }] : [],
    outcome: i === 0 ? "capped" : "unreported",
    paid:
      i === 0
        ? paid
        : { laborMicroUsd: c.laborMicroUsd, toolsMicroUsd: c.toolsMicroUsd, computeMicroUsd: c.computeMicroUsd },
    report: i === 0 ? `0x${"ab".repeat(32)}` : null,
  }));
  const paidInput = {
    ...parameters.input,
    contributions: parameters.input.contributions.map((c, i) => (i === 0 ? { ...c, ...paid } : c)),
  };
  const policy = { priceTables: [], requireReports: false, windowAfterSeconds: 0, windowBeforeSeconds: 0 };
  const manifest = assembleManifest({ ...parameters, costs: { policy, checks }, result: computeEpoch(paidInput) });
  return { manifest, attested, paid };
}
