/**
 * Measures a code contribution under scoring v2 (`coherence-scoring-v2`): the change, not the old code. Resolves
 * the evidence (a merge commit is measured by its own conflict resolution only: the lines that are new against
 * every parent), reads both sides of each changed file, leaves out vendored files, tells the kind of work
 * (changeKind.ts), computes each metric of the change with the reason for its value, and blends the metrics
 * that do not apply toward the published neutral value. A kind the config's `reviewKinds` names is not measured
 * but held for a reviewer (ReviewRequiredError).
 */

import { architectureMetric } from "./architectureMetric.ts";
import { weightedMeanBps } from "./bps.ts";
import { type ChangeKind, changeKind, NEUTRAL_KINDS } from "./changeKind.ts";
import { complexityChangeMetric } from "./complexityChangeMetric.ts";
import { dependencyCacheOf, METRICS, type MetricName, type ScoringConfigV2 } from "./config.ts";
import { dependencyIndex } from "./dependencyIndex.ts";
import { type ChangedFile, type ChangedFilesReturnType, changedFiles } from "./diff.ts";
import { docsChangeMetric } from "./docsChangeMetric.ts";
import { ContributionTooLargeError, ReviewRequiredError } from "./errors.ts";
import { isCode } from "./fileKinds.ts";
import { gitText, runGit } from "./git.ts";
import { type ExplainedMetric, lintChangeMetric } from "./lintChangeMetric.ts";
import { type MeasureCodeReturnType, openEvidence } from "./measureCode.ts";
import { type ChangedMeasuredFile, measuredChanges } from "./measuredChange.ts";
import { networkIntroductions } from "./networkIntroductions.ts";
import { changeFingerprints, type FirstIntroductionOwners, noveltyChangeMetric } from "./noveltyChangeMetric.ts";
import type { FingerprintIndex } from "./noveltyMetric.ts";
import { parallelIntroductions } from "./parallelIntroductions.ts";
import { patchIds } from "./patchIds.ts";
import { repositoryShingles } from "./repositoryShingles.ts";
import type { RecordedMetric } from "./scoreRecord.ts";
import { testsChangeMetric } from "./testsChangeMetric.ts";
import { vendoredSkip } from "./vendored.ts";

/** What {@link measureChange} returns: {@link MeasureCodeReturnType} and the kind of work. */
export type MeasureChangeReturnType = MeasureCodeReturnType & { kind: ChangeKind };

/**
 * The files of a merge commit's own resolution: changed against the first parent, keeping only lines that are
 * also new against every other parent (a file the merge took unchanged from a parent has none).
 */
async function mergeResolution(
  repository: string,
  change: ChangedFilesReturnType,
  otherParents: readonly string[],
  head: string,
  limits: ScoringConfigV2["limits"],
): Promise<ChangedFilesReturnType> {
  let files: ChangedFile[] = change.files;
  for (const parent of otherParents) {
    const against = new Map((await changedFiles(repository, parent, head, limits)).files.map((f) => [f.path, f]));
    files = files.flatMap((file) => {
      const other = against.get(file.path);
      if (other === undefined) return [];
      const lines = new Set(other.addedLines);
      const addedLines = file.addedLines.filter((n) => lines.has(n));
      return addedLines.length === 0 ? [] : [{ ...file, addedLines }];
    });
  }
  return { files, skipped: change.skipped };
}

/** Whether a path is a file or directory of `head`'s tree. */
async function pathsOf(repository: string, head: string): Promise<(path: string) => boolean> {
  const listing = await runGit(repository, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", head]);
  const paths = new Set<string>();
  for (const path of listing.stdout.toString("utf8").split("\0")) {
    if (path === "") continue;
    paths.add(path);
    for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) paths.add(path.slice(0, i));
  }
  return (path) => path === "" || path === "." || paths.has(path);
}

/**
 * Who introduced the change's code first outside its base (a config with `firstIntroduction`): parallel commits of
 * its repository, other repositories of the config.
 */
async function firstIntroductionOwners(
  repository: string,
  files: readonly ChangedMeasuredFile[],
  config: ScoringConfigV2,
  context: { head: string; commits: readonly string[]; url: string; ref: string | undefined; testsOnly: boolean },
): Promise<FirstIntroductionOwners | undefined> {
  const settings = config.firstIntroduction;
  if (settings === undefined) return undefined;
  const { novelty, tests } = config.curves;
  const tip = await gitText(repository, ["rev-parse", "--verify", `${context.ref ?? "HEAD"}^{commit}`]);
  const change = { head: context.head, commits: context.commits };
  const parallel = await parallelIntroductions(
    repository,
    change,
    tip,
    settings,
    novelty.shingleTokens,
    tests.patterns,
  );
  const fingerprints = [...changeFingerprints(files, novelty, context.testsOnly)];
  const network = await networkIntroductions(
    config.repositories,
    context.url,
    parallel.time,
    fingerprints,
    novelty.shingleTokens,
    context.testsOnly ? [] : tests.patterns,
  );
  return {
    // A change of tests only is compared with code and tests, as with the base (repositoryShingles).
    parallel: context.testsOnly ? new Map([...parallel.tests, ...parallel.code]) : parallel.code,
    network: network.ownerOf,
    urls: new Set(Object.values(config.repositories).map((r) => r.url)),
    record: { parallel: parallel.record, repositories: network.record },
  };
}

/** Every metric of a change of a kind the metrics measure. */
async function measureMetrics(
  repository: string,
  files: readonly ChangedMeasuredFile[],
  kind: ChangeKind,
  config: ScoringConfigV2,
  context: {
    base: string;
    baseTree: string;
    head: string;
    commits: readonly string[];
    url: string;
    ref: string | undefined;
    architecture: ScoringConfigV2["repositories"][string]["architecture"];
    earlier: FingerprintIndex;
  },
): Promise<{ results: { [K in MetricName]: ExplainedMetric }; fingerprints: number[] }> {
  const { curves } = config;
  const testsOnly = kind === "tests";
  // For a change of tests only, no test patterns: the corpus holds the repository's tests too.
  const shingles = await repositoryShingles(
    repository,
    context.baseTree,
    curves.novelty.shingleTokens,
    testsOnly ? [] : curves.tests.patterns,
    { privateNamesAsIdentifiers: true },
  );
  const dependencies =
    config.dependencies === undefined
      ? undefined
      : await dependencyIndex(
          repository,
          { base: context.base, head: context.head },
          config.dependencies,
          dependencyCacheOf(config),
          curves.novelty.shingleTokens,
        );
  const firstIntroduction = await firstIntroductionOwners(repository, files, config, { ...context, testsOnly });
  const novelty = noveltyChangeMetric(files, {
    curve: curves.novelty,
    repository: shingles,
    earlier: context.earlier,
    repositoryUrl: context.url,
    testsOnly,
    dependencies,
    firstIntroduction,
  });
  const exists = files.some((f) => /\.(?:md|mdx|markdown)$/i.test(f.path))
    ? await pathsOf(repository, context.head)
    : () => true;
  const code = files.filter((f) => f.change === "code");
  const linesBefore = new Map(code.map((f) => [f.path, f.before?.lineCount]));
  const architecture = architectureMetric(code, context.architecture, curves.architecture, (file) =>
    linesBefore.get(file.path),
  );
  const violations = (architecture.raw.violations as readonly unknown[] | undefined)?.length ?? 0;
  return {
    results: {
      lint: lintChangeMetric(files, curves.lint),
      complexity: testsOnly
        ? { bps: null, raw: {}, evidence: 0, reason: "a change of tests only: no code's complexity changed" }
        : complexityChangeMetric(files, curves.complexity),
      tests: testsChangeMetric(files, kind, curves.tests),
      docs: docsChangeMetric(files, exists, config.prose),
      // Test code restates behaviour, so new tests earn nothing for being new, but copied ones still lose.
      novelty:
        testsOnly && novelty.metric.bps !== null && novelty.metric.bps > config.neutralBps
          ? {
              ...novelty.metric,
              bps: config.neutralBps,
              reason: `${novelty.metric.reason}; tests only: capped at the neutral value`,
            }
          : novelty.metric,
      architecture: {
        ...architecture,
        evidence: (architecture.raw.checkedFiles as number | undefined) ?? 0,
        reason:
          architecture.bps === null
            ? "no architecture rules, or no code changed"
            : `${violations} rule violation(s) introduced by the change`,
      },
    },
    fingerprints: novelty.fingerprints,
  };
}

/**
 * `neutral + (value - neutral) * evidence / (evidence + atHalf)`, the quotient truncated toward neutral (BigInt
 * division), so a metric measured on little evidence moves the score little. `atHalf` 0 keeps the value.
 *
 * @example
 * towardNeutral(10000, 20, 20, 5000) // 7500
 */
export function towardNeutral(value: number, evidence: number, atHalf: number, neutral: number): number {
  if (atHalf === 0) return value;
  const shift = (BigInt(value - neutral) * BigInt(evidence)) / BigInt(evidence + atHalf);
  return neutral + Number(shift);
}

/**
 * Combines metric results: a metric that does not apply counts as the neutral value, one that does as its value
 * moved toward neutral by how little evidence it rests on ({@link towardNeutral}).
 */
function combine(
  config: ScoringConfigV2,
  results: { readonly [K in MetricName]: ExplainedMetric },
): Pick<MeasureCodeReturnType, "metrics" | "appliedWeightBps" | "coherenceBps"> {
  const metrics = {} as { [K in MetricName]: RecordedMetric };
  let appliedWeightBps = 0;
  const counted: number[] = [];
  for (const name of METRICS) {
    const { bps, raw, reason, evidence } = results[name];
    const countedBps =
      bps === null ? config.neutralBps : towardNeutral(bps, evidence, config.evidenceAtHalf[name], config.neutralBps);
    metrics[name] = { bps, weightBps: config.weights[name], raw, reason, evidence, countedBps };
    counted.push(countedBps);
    if (bps !== null) appliedWeightBps += config.weights[name];
  }
  const coherenceBps = weightedMeanBps(
    counted,
    METRICS.map((name) => config.weights[name]),
  );
  return { metrics, appliedWeightBps, coherenceBps: coherenceBps ?? config.neutralBps };
}

/** The parents of a commit. */
async function parentsOf(repository: string, commit: string): Promise<string[]> {
  return (await gitText(repository, ["rev-list", "--parents", "-n", "1", commit])).split(" ").slice(1);
}

/**
 * Measures a code contribution under scoring v2. `earlier` indexes fingerprints of contributions scored before
 * (of other repositories: see noveltyChangeMetric.ts).
 *
 * @example
 * const measured = await measureChange("7", "3f9c...e1", config, await store.fingerprintIndex());
 * measured.kind // "code"
 * measured.metrics.complexity.reason // "2 function(s) touched; the largest complexity added is 1 ..."
 */
export async function measureChange(
  assetId: string,
  evidenceText: string,
  config: ScoringConfigV2,
  earlier: FingerprintIndex,
): Promise<MeasureChangeReturnType> {
  const { repoConfig, parsed, path, resolved } = await openEvidence(assetId, evidenceText, config.repositories);
  const { limits } = config;
  let changed = await changedFiles(path, resolved.base, resolved.head, limits, { before: true });
  if (parsed.from === undefined) {
    const parents = await parentsOf(path, resolved.head);
    if (parents.length > 1) changed = await mergeResolution(path, changed, parents.slice(1), resolved.head, limits);
  }
  const skipped = [...changed.skipped];
  const kept = changed.files.filter((file) => {
    const vendored = vendoredSkip(file.path, file.status, file.text);
    if (vendored !== undefined) skipped.push({ path: file.path, ...vendored });
    return vendored === undefined;
  });
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Bounds the work of parsing and linting by what is measured, not by a clock, so every machine agrees.
  const codeBytes = kept.reduce(
    (sum, f) => sum + (isCode(f.path) ? Buffer.byteLength(f.text) + Buffer.byteLength(f.before?.text ?? "") : 0),
    0,
  );
  if (codeBytes > limits.maxContributionBytes)
    throw new ContributionTooLargeError(codeBytes, limits.maxContributionBytes);
  const files = measuredChanges(kept, config.curves.tests.patterns);
  const kind = changeKind(files);
  if (config.reviewKinds?.includes(kind) === true) throw new ReviewRequiredError(kind);
  let results: { [K in MetricName]: ExplainedMetric };
  let fingerprints: number[] = [];
  if (NEUTRAL_KINDS.has(kind)) {
    const reason = `not measured: a change of ${kind === "empty" ? "nothing measurable" : kind} scores the neutral value`;
    results = Object.fromEntries(
      METRICS.map((name) => [name, { bps: null, raw: {}, reason, evidence: 0 }]),
    ) as typeof results;
  } else {
    const baseTree = await gitText(path, ["rev-parse", `${resolved.base}^{tree}`]);
    ({ results, fingerprints } = await measureMetrics(path, files, kind, config, {
      base: resolved.base,
      baseTree,
      head: resolved.head,
      commits: resolved.commits,
      url: repoConfig.url,
      ref: repoConfig.ref,
      architecture: repoConfig.architecture,
      earlier,
    }));
  }
  return {
    evidence: {
      text: evidenceText,
      repository: repoConfig.url,
      base: resolved.base,
      head: resolved.head,
      commits: resolved.commits,
      patchIds: await patchIds(path, resolved.commits, limits.maxContributionBytes),
    },
    kind,
    ...combine(config, results),
    files: files.map((f) => ({ path: f.path, language: f.language, test: f.isTest, changedLines: f.changedLines })),
    skipped,
    fingerprints,
  };
}
