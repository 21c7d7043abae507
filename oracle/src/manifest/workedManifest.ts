/**
 * The worked example (oracle/docs/worked-example.md) as a manifest, with
 * stand-in metric records: a small, fully known manifest for tests and demos.
 */

import { canonicalHash, type JsonValue, type Manifest } from "@coherence/protocol";
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
