/**
 * Scores a preview's range as the oracle would, with the oracle's own CLI (`ccn score --range <base>..<head>
 * --json`) in a local mirror of the repository: a bare repository per change request's repository under the
 * intake's data directory, fetched from the change request's clone URL (both commits, by id) before each score.
 * The range starts at the merge base of the target branch's commit and the head, so commits that reached the
 * target branch since the change request was opened are not counted as its work. Each step is bounded by a
 * timeout and killed past it; whatever fails is the preview's answer, in words, never an exception: a preview
 * that cannot be scored must not stop anything else the intake does.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ReviewRequiredError } from "@coherence/oracle";

import { credentialsRefusal, fetchEnvironment } from "./fetchAuthorization.ts";
import type { PreviewScore, StoredPreview } from "./preview.ts";

export type ScoreChangeParameters = {
  /** Where the mirrors are kept: `<dir>/<forge>/<owner>/<name>.git`. */
  mirrorsDir: string;
  /**
   * Clone URL prefixes fetched from elsewhere, as git's `url.<to>.insteadOf <from>` does (a proxy, a local copy):
   * `[from, to]` pairs.
   */
  insteadOf: readonly (readonly [string, string])[];
  /** How long one fetch, or one score, may take. */
  timeoutMs: number;
};

/** The oracle's CLI, run by this Node (which strips types, as the intake itself needs). */
const CCN = fileURLToPath(new URL("cli/ccn.ts", import.meta.resolve("@coherence/oracle")));
/** A score's JSON is a few hundred kilobytes at most; more means something is wrong. */
const MAX_OUTPUT_BYTES = 16 << 20;

/** A step that failed, with what the preview says about it and what the step wrote to its standard error. */
class PreviewStepError extends Error {
  override name = "PreviewStepError";
  readonly stderr: string;

  constructor(message: string, stderr: string) {
    super(message);
    this.stderr = stderr;
  }
}

type RunOptions = {
  timeoutMs: number;
  what: string;
  env?: NodeJS.ProcessEnv;
  explain?: (stderr: string) => string | undefined;
};

function run(command: string, args: readonly string[], o: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const options = {
      timeout: o.timeoutMs,
      maxBuffer: MAX_OUTPUT_BYTES,
      ...(o.env === undefined ? {} : { env: o.env }),
    };
    execFile(command, args, options, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout);
      const killed = error.killed || error.signal === "SIGTERM";
      const detail =
        o.explain?.(stderr) ??
        (stderr.trim().split("\n").filter(Boolean).slice(-3).join(" ").slice(0, 500) || error.message);
      const message = killed ? `${o.what} took longer than ${o.timeoutMs / 1000} s` : `${o.what}: ${detail}`;
      reject(new PreviewStepError(message, stderr));
    });
  });
}

/** The mirror's directory for a preview's repository. */
export const mirrorOf = (mirrorsDir: string, preview: StoredPreview): string =>
  path.join(mirrorsDir, preview.target.forge, preview.target.owner, `${preview.target.name}.git`);

/**
 * Fetches the preview's base and head into the repository's mirror (made on first use), with the forge's
 * `authorization` when it has one; the mirror's path.
 */
async function fetchIntoMirror(
  p: ScoreChangeParameters,
  preview: StoredPreview,
  authorization: string | undefined,
): Promise<string> {
  const dir = mirrorOf(p.mirrorsDir, preview);
  await run("git", ["init", "--quiet", "--bare", dir], { timeoutMs: p.timeoutMs, what: `making the mirror ${dir}` });
  const rewrites = p.insteadOf.flatMap(([from, to]) => ["-c", `url.${to}.insteadOf=${from}`]);
  // Under refs of the change request's own, so the commits stay in the mirror as long as it is previewed.
  const refs = `refs/ccn/${preview.target.number}`;
  await run(
    "git",
    [
      "-C",
      dir,
      ...rewrites,
      "fetch",
      "--quiet",
      "--no-tags",
      "--force",
      "--",
      preview.cloneUrl,
      `${preview.base}:${refs}/base`,
      `${preview.head}:${refs}/head`,
    ],
    {
      timeoutMs: p.timeoutMs,
      what: `fetching ${preview.base.slice(0, 12)} and ${preview.head.slice(0, 12)} from ${preview.cloneUrl}`,
      env: fetchEnvironment(preview.cloneUrl, authorization),
      explain: (stderr) => credentialsRefusal(stderr, authorization !== undefined),
    },
  );
  // A bare mirror's HEAD names no commit until told: it is the target branch as the change request last showed it,
  // where a scorer looks for what reached the branch beside the change.
  await run("git", ["-C", dir, "update-ref", "--no-deref", "HEAD", preview.base], {
    timeoutMs: p.timeoutMs,
    what: `pointing the mirror's HEAD at ${preview.base.slice(0, 12)}`,
  });
  return dir;
}

/** `ccn score`'s words for a change of a kind its scoring config holds for a reviewer, before and after the kind. */
const [HELD_BEFORE = "", HELD_AFTER = ""] = new ReviewRequiredError("\u0000").message.split("\u0000");

/** The kind of change `ccn score` held for a reviewer instead of scoring, by what it wrote; undefined if not that. */
function heldKind(stderr: string): string | undefined {
  const start = stderr.indexOf(HELD_BEFORE);
  const end = stderr.indexOf(HELD_AFTER, start + HELD_BEFORE.length);
  return start === -1 || end === -1 ? undefined : stderr.slice(start + HELD_BEFORE.length, end);
}

type CliPreview = {
  scoringVersion: string;
  coherenceBps: number;
  multiplierBps: number;
  metrics: Record<string, { bps: number | null; weightBps: number; reason: string }>;
  skipped: { path: string; reason: string }[];
};

/**
 * The preview's score, or why it has none.
 *
 * @example
 * const score = await scoreChange({ mirrorsDir: ".ccn/intake/mirrors", insteadOf: [], timeoutMs: 120_000 }, preview);
 * if (score.state === "scored") score.coherenceBps; // 5813
 */
export async function scoreChange(
  p: ScoreChangeParameters,
  preview: StoredPreview,
  authorization?: string,
): Promise<PreviewScore> {
  let range: string | undefined;
  try {
    const dir = await fetchIntoMirror(p, preview, authorization);
    const base = (
      await run("git", ["-C", dir, "merge-base", preview.base, preview.head], {
        timeoutMs: p.timeoutMs,
        what: "finding the merge base",
      })
    ).trim();
    range = `${base}..${preview.head}`;
    const json = await run(
      process.execPath,
      [CCN, "score", "--repo", dir, "--range", range, "--url", preview.cloneUrl, "--json"],
      { timeoutMs: p.timeoutMs, what: `ccn score --range ${range}` },
    );
    const scored = JSON.parse(json) as CliPreview;
    return {
      state: "scored",
      range,
      scoringVersion: scored.scoringVersion,
      coherenceBps: scored.coherenceBps,
      multiplierBps: scored.multiplierBps,
      metrics: Object.entries(scored.metrics).map(([name, m]) => ({
        name,
        bps: m.bps,
        weightBps: m.weightBps,
        reason: m.reason,
      })),
      skipped: scored.skipped.map((s) => ({ path: s.path, reason: s.reason })),
    };
  } catch (error) {
    const kind = error instanceof PreviewStepError ? heldKind(error.stderr) : undefined;
    if (kind !== undefined && range !== undefined) return { state: "held", range, kind };
    if (error instanceof PreviewStepError || error instanceof SyntaxError)
      return { state: "failed", reason: error.message };
    throw error;
  }
}
