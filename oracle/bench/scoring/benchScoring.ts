/**
 * Scoring benchmark (issue 11): the scorer against people and against gaming, on real public repositories.
 *
 *   npm run bench:scoring [-- --json] [--no-gaming]
 *
 * Scores every commit of oracle/bench/scoring/evaluationSet.json (each labelled with a tier 1-5 by a reader of its
 * diff before the scorer ran) with the published default config of the current scoring version, and prints:
 * Kendall's tau-b between scores and tiers, the mean score per tier, the gaming variants of real commits
 * (oracle/bench/scoring/gamingVariants.ts) with their lift over the original, crashes, the median and p99 time per
 * contribution and the peak memory (max RSS of the process that scored it, one process per contribution). Targets: tau-b
 * >= 0.6, no lift above 500 bps, no crash, median <= 1 s, p99 <= 5 s, peak <= 500 MB. `--json` prints one JSON
 * object on stdout; the readable report goes to stderr then.
 *
 * The repositories are not part of this one: `node oracle/bench/scoring/fetchRepos.ts` brings them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createScoringConfig, DEFAULT_DEPENDENCIES, dependencyCacheOf } from "../../src/scoring/config.ts";
import { ReviewRequiredError } from "../../src/scoring/errors.ts";
import { measureContribution } from "../../src/scoring/measureContribution.ts";
import { indexFingerprints } from "../../src/scoring/noveltyMetric.ts";
import { packageTarball, publishedVersions } from "../../src/scoring/npmRegistry.ts";
import { tarballFiles } from "../../src/scoring/tarball.ts";
import { NEUTRAL_COHERENCE_BPS } from "../../src/scoring/unscorable.ts";
import { type EvaluationRepository, loadEvaluationSet, locateRepository, mirrorOf } from "./evaluationSet.ts";
import { type GamingVariant, gamingVariants, scratchClone } from "./gamingVariants.ts";
import { kendallTauB } from "./kendall.ts";

const SELF = fileURLToPath(import.meta.url);
const TARGETS = { tauB: 0.6, maxLiftBps: 500, medianMs: 1000, p99Ms: 5000, peakMb: 500 };
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const json = process.argv.includes("--json");
const report = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

type Scored =
  | { coherenceBps: number; kind: string; ms: number; peakMb: number }
  | { error: string; ms: number; peakMb: number };

/** In a child process (`--one PATH URL EVIDENCE`): scores the evidence with the default config and prints the result. */
async function scoreHere(path: string, url: string, evidence: string): Promise<Scored> {
  const config = createScoringConfig({ "0": { url, path } });
  const start = performance.now();
  const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
  try {
    const measured = await measureContribution("0", evidence, config, indexFingerprints([]));
    const ms = performance.now() - start;
    return { coherenceBps: measured.coherenceBps, kind: measured.kind ?? "code", ms, peakMb: peakMb() };
  } catch (error) {
    const ms = performance.now() - start;
    // What an epoch records for it: unscorable at the neutral value, held for a reviewer; not a crash.
    if (error instanceof ReviewRequiredError)
      return { coherenceBps: NEUTRAL_COHERENCE_BPS, kind: `${error.kind} (held)`, ms, peakMb: peakMb() };
    return { error: `${(error as Error).name}: ${(error as Error).message}`, ms, peakMb: peakMb() };
  }
}

/**
 * Scores `evidence` in its own process, so its peak memory (max RSS, the loaded linters and parsers included) is
 * its own, as an operator's scorer would see it; the time is the measurement's alone, without start-up. An
 * exception, or a child that dies, is a crash.
 */
function score(path: string, url: string, evidence: string): Scored {
  const child = spawnSync(process.execPath, [SELF, "--one", path, url, evidence], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || line === "")
    return {
      error: `child exited with ${child.status ?? child.signal}: ${child.stderr.trim().split("\n").pop()}`,
      ms: 0,
      peakMb: 0,
    };
  return JSON.parse(line) as Scored;
}

/**
 * The text of a file of a published package (read through the scorer's own registry cache), for the
 * pasted-dependency variant.
 */
async function publishedFile(
  dependency: EvaluationRepository["pastedDependency"],
): Promise<{ path: string; text: string }> {
  const access = { registry: DEFAULT_DEPENDENCIES.registry, cache: dependencyCacheOf(createScoringConfig({})) };
  const published = await publishedVersions(access, dependency.package, Math.floor(Date.now() / 1000));
  const version = published?.find((v) => v.version === dependency.version);
  if (version === undefined) throw new Error(`${dependency.package}@${dependency.version} is not published`);
  const tarball = await packageTarball(access, version.tarball, version.integrity, 1 << 26);
  if ("missing" in tarball) throw new Error(`${dependency.package}@${dependency.version}: ${tarball.missing}`);
  // A tarball's top directory is `package/` by convention only.
  const wanted = (path: string) => path.replace(/^[^/]*\//, "") === dependency.file;
  let file: { data: Buffer } | undefined;
  for await (const found of tarballFiles(tarball.path, { wanted, maxFileBytes: 1 << 26 })) file = found;
  if (file === undefined) throw new Error(`${dependency.package}@${dependency.version} has no ${dependency.file}`);
  return { path: dependency.file, text: file.data.toString("utf8") };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const one = process.argv.indexOf("--one");
if (one !== -1) {
  const [path, url, evidence] = process.argv.slice(one + 1);
  process.stdout.write(`${JSON.stringify(await scoreHere(path!, url!, evidence!))}\n`);
  process.exit(0);
}

const set = loadEvaluationSet();
const paths = new Map<string, string>();
const missing: string[] = [];
for (const [name, repository] of Object.entries(set.repositories)) {
  const path = locateRepository(name, repository);
  if (path === undefined)
    missing.push(`  ${name}: ${repository.url} (or the fetch tool's ${repository.fetch}, at ${mirrorOf(repository)})`);
  else paths.set(name, path);
}
if (missing.length > 0) {
  process.stderr.write(
    [
      "bench:scoring needs the evaluation set's repositories, which are not here:",
      ...missing,
      "Bring them with: node oracle/bench/scoring/fetchRepos.ts",
      "(it clones each from its fetched mirror when there is one, else from its URL, into .ccn/bench/scoring/).",
      "",
    ].join("\n"),
  );
  process.exit(2);
}

const rows: { repository: string; commit: string; tier: number; reason: string; result: Scored }[] = [];
for (const labelled of set.commits) {
  const path = paths.get(labelled.repository)!;
  const result = score(path, set.repositories[labelled.repository]!.url, labelled.commit);
  rows.push({ ...labelled, result });
  report(
    `${labelled.repository.padEnd(8)} ${labelled.commit.slice(0, 10)} tier ${labelled.tier}  ${"error" in result ? `CRASH ${result.error}` : `${String(result.coherenceBps).padStart(5)} ${result.kind.padEnd(13)}`} ${Math.round(result.ms)} ms ${result.peakMb} MB`,
  );
}

const scored = rows.filter((r) => !("error" in r.result)) as (Omit<(typeof rows)[number], "result"> & {
  result: Extract<Scored, { coherenceBps: number }>;
})[];
const tauB = kendallTauB(
  scored.map((r) => r.tier),
  scored.map((r) => r.result.coherenceBps),
);
const perTier: Record<string, { commits: number; meanBps: number }> = {};
for (const tier of [1, 2, 3, 4, 5]) {
  const inTier = scored.filter((r) => r.tier === tier);
  if (inTier.length > 0)
    perTier[tier] = {
      commits: inTier.length,
      meanBps: Math.round(inTier.reduce((sum, r) => sum + r.result.coherenceBps, 0) / inTier.length),
    };
}
const times = rows.map((r) => r.result.ms).sort((a, b) => a - b);

const gaming: (GamingVariant & {
  repository: string;
  originalBps: number | null;
  variantBps: number | null;
  liftBps: number | null;
})[] = [];
const crashes = rows
  .filter((r) => "error" in r.result)
  .map((r) => ({ repository: r.repository, commit: r.commit, error: (r.result as { error: string }).error }));
if (!process.argv.includes("--no-gaming")) {
  const scratch = mkdtempSync(join(tmpdir(), "ccn-bench-scoring-"));
  try {
    const clones = new Map<string, string>();
    for (const { repository, commit } of set.gaming.originals) {
      const layout = set.repositories[repository]!.layout;
      let clone = clones.get(repository);
      if (clone === undefined) {
        clone = scratchClone(paths.get(repository)!, join(scratch, repository));
        clones.set(repository, clone);
      }
      const url = set.repositories[repository]!.url;
      const original = score(clone, url, commit);
      const variants = gamingVariants(
        {
          clone,
          layout,
          vendored: {
            path: join(ROOT, set.gaming.vendoredFiles.path),
            licensed: join(ROOT, set.gaming.vendoredFiles.licensed),
          },
          pasted: await publishedFile(set.repositories[repository]!.pastedDependency),
        },
        commit,
      );
      for (const variant of variants) {
        const result = score(clone, url, variant.evidence);
        if ("error" in result) crashes.push({ repository, commit: variant.evidence, error: result.error });
        const originalBps = "error" in original ? null : original.coherenceBps;
        const variantBps = "error" in result ? null : result.coherenceBps;
        const liftBps = originalBps === null || variantBps === null ? null : variantBps - originalBps;
        gaming.push({ ...variant, repository, originalBps, variantBps, liftBps });
        report(
          `gaming   ${commit.slice(0, 10)} ${variant.name.padEnd(17)} ${originalBps} -> ${variantBps} (lift ${liftBps})`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
const largestLift = gaming.reduce<(typeof gaming)[number] | undefined>(
  (best, v) => (v.liftBps !== null && (best === undefined || v.liftBps > best.liftBps!) ? v : best),
  undefined,
);
const peakMb = rows.reduce((peak, r) => Math.max(peak, r.result.peakMb), 0);
const summary = {
  commits: rows.length,
  tauB: Number(tauB.toFixed(3)),
  perTier,
  largestGamingLift:
    largestLift === undefined
      ? null
      : { name: largestLift.name, original: largestLift.original, liftBps: largestLift.liftBps },
  crashes,
  timeMs: { median: Math.round(quantile(times, 0.5)), p99: Math.round(quantile(times, 0.99)) },
  peakMemoryMb: peakMb,
  targets: TARGETS,
};

report("");
report(`Kendall tau-b (scores vs tiers, ${scored.length} commits): ${summary.tauB} (target >= ${TARGETS.tauB})`);
for (const [tier, { commits, meanBps }] of Object.entries(perTier))
  report(`  tier ${tier}: ${commits} commit(s), mean ${meanBps} bps`);
report(
  `largest gaming lift: ${largestLift === undefined ? "n/a" : `${largestLift.liftBps} bps (${largestLift.name} of ${largestLift.original.slice(0, 10)})`} (target <= ${TARGETS.maxLiftBps})`,
);
report(`crashes: ${crashes.length}`);
report(
  `time per contribution: median ${summary.timeMs.median} ms (target <= ${TARGETS.medianMs}), p99 ${summary.timeMs.p99} ms (target <= ${TARGETS.p99Ms})`,
);
report(`peak memory: ${peakMb} MB (target <= ${TARGETS.peakMb})`);
if (json) process.stdout.write(`${JSON.stringify({ ...summary, rows, gaming }, null, 2)}\n`);
