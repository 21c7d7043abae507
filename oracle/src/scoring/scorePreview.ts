/**
 * The score a code contribution would get, before it is attested: what `ccn score` prints. It measures with the
 * published defaults of the current scoring version and writes nothing; a store, if given, supplies the earlier
 * contributions (novelty, and whether the commits are already claimed).
 */
import { stat } from "node:fs/promises";
import { InvalidArgumentError } from "@coherence/protocol";
import type { Hex } from "viem";
import { multiplierBps } from "../epoch/multiplier.ts";
import { createScoringConfig, METRICS, type MetricName } from "./config.ts";
import { gitText } from "./git.ts";
import { measureContribution } from "./measureContribution.ts";
import { indexFingerprints } from "./noveltyMetric.ts";
import type { MeasuredScoreRecord } from "./scoreRecord.ts";
import { ScoreStore } from "./scoreStore.ts";
import { scoringConfigHash } from "./validateConfig.ts";

/** Parameters of {@link scorePreview}. */
export type ScorePreviewParameters = {
  /** The repository's directory (a checkout or a bare repository). */
  repository: string;
  /** Its public URL, as a record names it. */
  url: string;
  /** `<commit>` or `<from>..<to>`; any revision git resolves to a commit (abbreviated ids, `HEAD~2`). */
  evidence: string;
  /** A score store directory whose contributions count as earlier work; read, never written. */
  store?: string | undefined;
};

/** One metric as the preview shows it. */
export type PreviewMetric = {
  bps: number | null;
  weightBps: number;
  /** What the value counted as in the mean: the neutral value if it does not apply, else moved toward it by its evidence. */
  countedBps: number;
  evidence: number;
  reason: string;
  raw: MeasuredScoreRecord["metrics"][MetricName]["raw"];
};

/** What {@link scorePreview} returns. */
export type ScorePreview = {
  scoringVersion: string;
  configHash: Hex;
  evidence: MeasuredScoreRecord["evidence"];
  kind: string;
  coherenceBps: number;
  multiplierBps: number;
  appliedWeightBps: number;
  metrics: { readonly [K in MetricName]: PreviewMetric };
  files: MeasuredScoreRecord["files"];
  skipped: NonNullable<MeasuredScoreRecord["skipped"]>;
  /** The stored contribution that already claims one of these commits: an epoch would hold this one for review. */
  claimedBy?: { what: string; contributionId: string } | undefined;
};

/** Full commit ids of the evidence's revisions, as an attestation must name them. */
export async function fullEvidence(repository: string, evidence: string): Promise<string> {
  const parts = evidence.split("..");
  if (parts.length > 2 || parts.some((p) => p === ""))
    throw new InvalidArgumentError(`Invalid evidence ${JSON.stringify(evidence)}: expected <commit> or <from>..<to>.`);
  const ids = await Promise.all(
    parts.map((part) =>
      gitText(repository, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${part}^{commit}`]),
    ),
  );
  return ids.join("..");
}

/**
 * @example
 * const preview = await scorePreview({ repository: "/src/app", url: "https://example.org/app.git", evidence: "HEAD" });
 * preview.metrics.tests.reason // "3 assertion(s) that exercise code (0 trivial not counted) for 40 changed code line(s); ..."
 */
export async function scorePreview(parameters: ScorePreviewParameters): Promise<ScorePreview> {
  const config = createScoringConfig({ "0": { url: parameters.url, path: parameters.repository } });
  let store: ScoreStore | undefined;
  if (parameters.store !== undefined) {
    const isDirectory = await stat(parameters.store).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDirectory) throw new InvalidArgumentError(`Score store ${parameters.store} is not a directory.`);
    store = await ScoreStore.open(parameters.store);
  }
  const evidence = await fullEvidence(parameters.repository, parameters.evidence).catch((cause: unknown) => {
    throw new InvalidArgumentError(`${parameters.evidence} does not name commits of ${parameters.url}.`, { cause });
  });
  const earlier = store === undefined ? indexFingerprints([]) : await store.fingerprintIndex();
  const measured = await measureContribution("0", evidence, config, earlier);
  const { repository, commits, patchIds } = measured.evidence;
  const claimedBy = await store?.claimOf(repository, commits, patchIds);
  const metrics = Object.fromEntries(
    METRICS.map((name) => {
      const { bps, weightBps, reason, raw, countedBps, evidence } = measured.metrics[name];
      return [
        name,
        { bps, weightBps, countedBps: countedBps ?? bps ?? 0, evidence: evidence ?? 0, reason: reason ?? "", raw },
      ];
    }),
  ) as ScorePreview["metrics"];
  return {
    scoringVersion: config.format,
    configHash: scoringConfigHash(config),
    evidence: measured.evidence,
    kind: measured.kind ?? "code",
    coherenceBps: measured.coherenceBps,
    multiplierBps: multiplierBps(config.multiplier, measured.coherenceBps),
    appliedWeightBps: measured.appliedWeightBps,
    metrics,
    files: measured.files,
    skipped: measured.skipped,
    ...(claimedBy !== undefined ? { claimedBy } : {}),
  };
}
