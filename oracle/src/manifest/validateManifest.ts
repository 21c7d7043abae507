/**
 * Consistency checks of a decoded manifest: canonical order, sums, hashes and both trees, by the same rules a
 * streamed manifest is checked with (./manifestChecker.ts), fed in file order.
 */

import { type Manifest, SECTIONS } from "@coherence/protocol";
import { ManifestChecker } from "./manifestChecker.ts";

/**
 * Throws `MalformedFieldError` at the first inconsistency of `manifest`.
 *
 * @example
 * validateManifest(manifest); // returns quietly when consistent
 */
export function validateManifest(manifest: Manifest): void {
  const checker = new ManifestChecker();
  checker.header(manifest);
  const { elements } = checker;
  const m = manifest;
  const sections = {
    "inputs.assets": () => m.inputs.assets.forEach(elements["inputs.assets"]),
    "inputs.contributions": () => m.inputs.contributions.forEach(elements["inputs.contributions"]),
    "inputs.costs": () => m.inputs.costs.forEach(elements["inputs.costs"]),
    "inputs.previous": () => m.inputs.previous.forEach(elements["inputs.previous"]),
    "inputs.revenue": () => m.inputs.revenue.forEach(elements["inputs.revenue"]),
    leaves: () => m.leaves.forEach(elements.leaves),
    lineageFlows: () => m.lineageFlows.forEach(elements.lineageFlows),
    "payoutTree.nodes": () => checker.nodes("payoutTree.nodes", m.payoutTree.nodes),
    scores: () => m.scores.forEach(elements.scores),
    "scoresTree.nodes": () => checker.nodes("scoresTree.nodes", m.scoresTree.nodes),
  };
  for (const { path } of SECTIONS) sections[path]();
  checker.end();
}
