/**
 * A preview as the change request shows it (a GitHub check run's title and Markdown summary, a GitLab note): who
 * would be attested, with the cost of their report in US dollars and the address they are linked to, or why not;
 * then the coherence score of the range with each metric's value, weight and reason, as `ccn score` gives them;
 * while scoring, that it is being scored. A pure function of the stored preview, so publishing it again after a
 * crash writes the same text.
 */

import { usd } from "../feedback/feedbackComment.ts";
import { CHANGE_REQUEST } from "../forge/change.ts";
import type { PreviewReport } from "../forge/forge.ts";
import type { PreviewPerson, PreviewScore, StoredPreview } from "./preview.ts";

const short = (sha: string) => sha.slice(0, 12);

/** A table cell's text: its own pipes and line breaks would end the cell. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

function personLine(p: PreviewPerson): string {
  if (p.refusal !== undefined) {
    const at = p.address === undefined ? "" : ` (linked to ${p.address})`;
    return `- \`${p.login}\`${at}: would not be attested: ${p.refusal.reason} (\`${p.refusal.code}\`)`;
  }
  const { laborMicroUsd, toolsMicroUsd, computeMicroUsd } = p.cost!;
  const total = laborMicroUsd + toolsMicroUsd + computeMicroUsd;
  return (
    `- @${p.login}: would be attested ${usd(total)} (labour ${usd(laborMicroUsd)}, tools ${usd(toolsMicroUsd)}, ` +
    `compute ${usd(computeMicroUsd)}) to ${p.address}`
  );
}

const bps = (n: number) => n.toLocaleString("en-US");

/** The oracle's kind of a change held for review, as a sentence names it. */
const heldWhat = (kind: string) =>
  kind === "dependencies" ? "a dependency bump" : kind === "release" ? "a release" : `a change of ${kind}`;

function scoreLines(score: PreviewScore | undefined, range: string): string[] {
  if (score === undefined) return [`Scoring \`${range}\`…`];
  if (score.state === "failed") return [`Not scored: ${score.reason}. Comment \`/ccn preview\` to try again.`];
  if (score.state === "held")
    return [
      `Held for review: \`${score.range}\` is ${heldWhat(score.kind)}, a kind of change the scoring config ` +
        `(\`reviewKinds\`) sends to a reviewer instead of scoring it: no metric can judge it. Merged, its ` +
        `contribution is paid nothing until a reviewer approves it.`,
    ];
  return [
    `Coherence **${bps(score.coherenceBps)} bps**, multiplier **${bps(score.multiplierBps)} bps** for ` +
      `\`${score.range}\` (${score.scoringVersion}; what \`ccn score --range ${score.range}\` gives):`,
    "",
    "| metric | value (bps) | weight (bps) | why |",
    "| --- | --: | --: | --- |",
    ...score.metrics.map(
      (m) => `| ${m.name} | ${m.bps === null ? "n/a" : bps(m.bps)} | ${bps(m.weightBps)} | ${cell(m.reason)} |`,
    ),
    ...(score.skipped.length === 0 ? [] : ["", ...score.skipped.map((s) => `- skipped \`${s.path}\`: ${s.reason}`)]),
  ];
}

function title(preview: StoredPreview): string {
  const { score } = preview;
  if (score === undefined) return `Scoring ${short(preview.base)}..${short(preview.head)}`;
  if (score.state === "failed") return "Not scored";
  const paid = preview.refusals.length === 0 ? preview.people.filter((p) => p.refusal === undefined).length : 0;
  const attested = `${paid} of ${preview.people.length} would be attested`;
  if (score.state === "held") return `Held for review (${heldWhat(score.kind)}); ${attested}`;
  return `Coherence ${bps(score.coherenceBps)} bps; ${attested}`;
}

/**
 * @example
 * const report = previewReport(preview); // { title: "Coherence 5,813 bps; 1 of 2 would be attested", summary, done }
 */
export function previewReport(preview: StoredPreview): PreviewReport {
  const what = CHANGE_REQUEST[preview.target.forge];
  const lines = [
    `If this ${what} were merged as it is at \`${short(preview.head)}\`, the intake would attest:`,
    "",
    ...preview.refusals.map((r) => `- nobody: the ${what} ${r.reason} (\`${r.code}\`)`),
    ...preview.people.map(personLine),
    "",
    ...scoreLines(preview.score, `${short(preview.base)}..${short(preview.head)}`),
    "",
    `A preview: a merge is attested only past the repository's gates (an approving review, rate limits, cost per ` +
      `line). Comment \`/ccn preview\` to run it again.`,
  ];
  return { title: title(preview), summary: lines.join("\n"), done: preview.score !== undefined };
}
