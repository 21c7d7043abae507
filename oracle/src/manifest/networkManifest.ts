/**
 * The manifest of a random epoch input (`network` of ../epoch/networkArbitrary.ts), for property tests of the
 * manifest's readers. Test support only.
 */
import { canonicalHash, type EpochScore, type JsonValue, type Manifest } from "@coherence/protocol";

import { computeEpoch } from "../epoch/computeEpoch.ts";
import type { EpochInput } from "../epoch/types.ts";
import { assembleManifest } from "./assembleManifest.ts";

/**
 * `epochInput`'s manifest, as epoch 1 over blocks 1 to 9 by code version "test", each score with the metric record
 * `metricsOf` gives it (by default its coherence alone).
 *
 * @example
 * fc.asyncProperty(network, async (epochInput) => { const manifest = networkManifest(epochInput); ... });
 */
export function networkManifest(
  epochInput: EpochInput,
  metricsOf: (score: EpochScore) => JsonValue = (s) => ({ coherenceBps: s.coherenceBps }),
): Manifest {
  const scores = epochInput.scores.map((s) => {
    const metrics = metricsOf(s);
    return { ...s, metrics, metricsHash: canonicalHash(metrics) };
  });
  const input = { ...epochInput, scores };
  return assembleManifest({
    codeVersion: "test",
    epoch: { number: 1n, fromBlock: 1n, toBlock: 9n },
    input,
    result: computeEpoch(input),
  });
}
