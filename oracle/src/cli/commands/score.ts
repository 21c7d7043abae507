/**
 * `ccn score --repo PATH --commit SHA` (or `--range A..B`): the score a code contribution would get, with each
 * metric's value and the reason for it, so a contributor sees their score and why before they submit. It scores
 * with the published default config; `--store DIR` compares novelty with the scores stored there, read only: a
 * preview never writes a score.
 */
import path from "node:path";
import { InvalidArgumentError } from "@coherence/protocol";
import { type ScorePreview, scorePreview } from "../../scoring/scorePreview.ts";
import type { Arguments, CommandOutput, CommandParameters } from "../command.ts";

export const parameters = {
  words: ["score"],
  summary: "score a commit or a range of a git repository, each metric with its reason (nothing is stored)",
  positionals: [],
  options: {
    repo: { type: "string", value: "PATH", help: "the repository (a checkout or a bare repository)" },
    commit: {
      type: "string",
      value: "SHA",
      help: "a commit, scored against its first parent (merges: their own resolution)",
    },
    range: { type: "string", value: "A..B", help: "a range, scored as one change (a pull request's base..head)" },
    store: {
      type: "string",
      value: "DIR",
      help: "a score store whose contributions count as earlier work (read only)",
    },
    url: { type: "string", value: "URL", help: "the repository's public URL in the record (default: the path)" },
  },
  environment: [],
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>): Promise<ScorePreview> {
  if (args.repo === undefined) throw new InvalidArgumentError("ccn score: --repo PATH is required.");
  if ((args.commit === undefined) === (args.range === undefined))
    throw new InvalidArgumentError("ccn score: give exactly one of --commit SHA and --range A..B.");
  const repository = path.resolve(args.repo);
  return scorePreview({
    repository,
    url: args.url ?? repository,
    evidence: (args.commit ?? args.range)!,
    ...(args.store !== undefined ? { store: args.store } : {}),
  });
}

export function output(preview: ScorePreview): CommandOutput {
  const { evidence, kind, coherenceBps, multiplierBps, metrics } = preview;
  return {
    json: preview,
    text: [
      `${evidence.text} (${kind}): coherence ${coherenceBps} bps, multiplier ${multiplierBps} bps (${preview.scoringVersion})`,
      ...Object.entries(metrics).map(
        ([name, m]) =>
          `  ${name.padEnd(12)} ${(m.bps === null ? "n/a" : String(m.bps)).padStart(5)} (counts ${String(m.countedBps).padStart(5)})  ${m.reason}`,
      ),
      ...preview.skipped.map((s) => `  skipped ${s.path}: ${s.reason} (${s.detail})`),
    ],
  };
}
