/**
 * Measures a code contribution under scoring v1: resolves its evidence in the
 * asset's repository, prepares the changed files and computes every metric and
 * the weighted coherence of the new state of the changed code.
 */
import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { architectureMetric } from "./architectureMetric.ts";
import { weightedMeanBps } from "./bps.ts";
import { complexityMetric } from "./complexityMetric.ts";
import { limitsOf, METRICS, type MetricName, type RepositoryConfig, type ScoringConfigV1 } from "./config.ts";
import { changedFiles } from "./diff.ts";
import { docsMetric } from "./docsMetric.ts";
import { ContributionTooLargeError, RepositoryNotFoundError, UnconfiguredRepositoryError } from "./errors.ts";
import { parseEvidence, resolveEvidence } from "./evidence.ts";
import { isCode } from "./fileKinds.ts";
import { gitText, runGit } from "./git.ts";
import { lintMetric } from "./lintMetric.ts";
import { measuredFiles } from "./measuredFile.ts";
import type { MetricResult } from "./metric.ts";
import { type FingerprintIndex, noveltyMetric } from "./noveltyMetric.ts";
import { repositoryShingles } from "./repositoryShingles.ts";
import type { MeasuredScoreRecord, RecordedMetric } from "./scoreRecord.ts";
import { testsMetric } from "./testsMetric.ts";

/** What {@link measureCode} returns: the measured part of a record, and the change's fingerprints to store. */
export type MeasureCodeReturnType = {
  evidence: MeasuredScoreRecord["evidence"];
  metrics: MeasuredScoreRecord["metrics"];
  appliedWeightBps: number;
  coherenceBps: number;
  files: MeasuredScoreRecord["files"];
  /** Changed files not measured, with why; empty for most changes. */
  skipped: NonNullable<MeasuredScoreRecord["skipped"]>;
  fingerprints: number[];
};

/**
 * A contribution's evidence, parsed and resolved in the repository the scoring config names for `assetId`: what
 * every scoring version starts from. Throws {@link UnconfiguredRepositoryError} for an asset the config has no
 * repository for, {@link RepositoryNotFoundError} when its checkout is missing here.
 */
export async function openEvidence(
  assetId: string,
  evidenceText: string,
  repositories: Readonly<Record<string, RepositoryConfig>>,
) {
  const repoConfig = repositories[assetId];
  if (repoConfig === undefined) throw new UnconfiguredRepositoryError(assetId);
  const parsed = parseEvidence(evidenceText);
  const path = await openRepository(assetId, repoConfig);
  const resolved = await resolveEvidence(path, parsed, { label: repoConfig.url, ref: repoConfig.ref });
  return { repoConfig, parsed, path, resolved };
}

/**
 * Resolves the configured checkout of an asset's repository to an absolute
 * path, checking that it is the top of a git repository (or a bare one).
 * Throws {@link RepositoryNotFoundError} otherwise.
 */
export async function openRepository(assetId: string, repo: RepositoryConfig): Promise<string> {
  const path = resolve(repo.path);
  try {
    if (!(await stat(path)).isDirectory())
      throw new RepositoryNotFoundError(assetId, `${repo.url}: its checkout is not a directory`);
  } catch (error) {
    if (error instanceof RepositoryNotFoundError) throw error;
    throw new RepositoryNotFoundError(assetId, `${repo.url}: its checkout does not exist`, { cause: error });
  }
  const top = await repositoryTop(path);
  if (top === undefined || (await realpath(top)) !== (await realpath(path)))
    throw new RepositoryNotFoundError(assetId, `${repo.url}: its checkout is not the top of a git repository`);
  return path;
}

/**
 * The top of the repository `path` is in: its work tree's top, or for a bare repository (which has no work
 * tree, so `--show-toplevel` fails there) its git directory; `undefined` outside any repository.
 */
async function repositoryTop(path: string): Promise<string | undefined> {
  const answer = async (args: string[]) => {
    const { stdout, exitCode } = await runGit(path, ["rev-parse", ...args], { okExitCodes: [128] });
    return exitCode === 0 ? stdout.toString("utf8").trim() : undefined;
  };
  const bare = await answer(["--is-bare-repository"]);
  if (bare === undefined) return undefined;
  return answer([bare === "true" ? "--absolute-git-dir" : "--show-toplevel"]);
}

/** Combines metric results with the config's weights. */
function combine(
  config: ScoringConfigV1,
  results: { readonly [K in MetricName]: MetricResult },
): Pick<MeasureCodeReturnType, "metrics" | "appliedWeightBps" | "coherenceBps"> {
  const metrics = {} as { [K in MetricName]: RecordedMetric };
  const values: number[] = [];
  const weights: number[] = [];
  for (const name of METRICS) {
    const result = results[name];
    metrics[name] = { bps: result.bps, weightBps: config.weights[name], raw: result.raw };
    if (result.bps !== null) {
      values.push(result.bps);
      weights.push(config.weights[name]);
    }
  }
  const appliedWeightBps = weights.reduce((a, b) => a + b, 0);
  // Nothing measurable (or only zero-weight metrics): no evidence of quality, coherence 0.
  return { metrics, appliedWeightBps, coherenceBps: weightedMeanBps(values, weights) ?? 0 };
}

/**
 * Measures a code contribution under scoring v1 (`coherence-scoring-v1`), as contributions scored under it always
 * were (measureChange.ts measures v2). `earlier` indexes fingerprints of contributions scored before (excluding
 * this one).
 *
 * @example
 * const measured = await measureCode("7", "0x3f..e1", config, indexFingerprints([]));
 * measured.coherenceBps // 8412
 */
export async function measureCode(
  assetId: string,
  evidenceText: string,
  config: ScoringConfigV1,
  earlier: FingerprintIndex,
): Promise<MeasureCodeReturnType> {
  const { repoConfig, path, resolved } = await openEvidence(assetId, evidenceText, config.repositories);
  const curves = config.curves;
  const limits = limitsOf(config);
  const changed = await changedFiles(path, resolved.base, resolved.head, limits);
  // Bounds the work of parsing and linting by what is measured, not by a clock, so every machine agrees.
  const codeBytes = changed.files.reduce((sum, f) => sum + (isCode(f.path) ? Buffer.byteLength(f.text) : 0), 0);
  if (codeBytes > limits.maxContributionBytes)
    throw new ContributionTooLargeError(codeBytes, limits.maxContributionBytes);
  const files = measuredFiles(changed.files, curves.tests.patterns);
  const baseTree = await gitText(path, ["rev-parse", `${resolved.base}^{tree}`]);
  const shingles = await repositoryShingles(path, baseTree, curves.novelty.shingleTokens, curves.tests.patterns);
  const novelty = noveltyMetric(files, curves.novelty, shingles, earlier);
  const combined = combine(config, {
    lint: lintMetric(files, curves.lint),
    complexity: complexityMetric(files, curves.complexity),
    tests: testsMetric(files, curves.tests),
    docs: docsMetric(files),
    novelty: novelty.metric,
    architecture: architectureMetric(files, repoConfig.architecture, curves.architecture),
  });
  return {
    evidence: {
      text: evidenceText,
      repository: repoConfig.url,
      base: resolved.base,
      head: resolved.head,
      commits: resolved.commits,
    },
    ...combined,
    files: files.map((f) => ({ path: f.path, language: f.language, test: f.isTest, changedLines: f.changedLines })),
    skipped: changed.skipped,
    fingerprints: novelty.fingerprints,
  };
}
