/**
 * Progress of long work (reading the chain, scoring, computing, writing and checking manifests): each step reports
 * a phase and how far it is; a reporter shows it on a terminal as one line rewritten in place, writes it as JSON
 * lines under `--json`, or stays quiet when its output is piped. Work that reports progress takes an optional
 * `onProgress`, so callers that do not care pass nothing.
 */

/** One step of progress: the phase, how many items are done and, when known, how many there are. */
export type ProgressEvent = { readonly phase: string; readonly done: number; readonly total?: number };

export type OnProgress = (event: ProgressEvent) => void;

/** How a reporter shows progress: on a terminal, as JSON lines, or not at all. */
export type ProgressMode = "terminal" | "json" | "silent";

export type ProgressReporter = {
  readonly report: OnProgress;
  /** Ends the display: clears the terminal line, so the command's output starts on a clean line. */
  end(): void;
};

/** A terminal line is redrawn at most this often; the first and last event of a phase are always shown. */
const REDRAW_MS = 100;
/** Each JSON line costs its reader a parse: at most this often, again keeping every phase's first and last. */
const JSON_EVERY_MS = 250;
const CLEAR_LINE = "\r\u001b[K";

/**
 * A reporter writing with `write` (stderr), timed by `now` (milliseconds).
 *
 * @example
 * const progress = progressReporter(process.stderr.isTTY ? "terminal" : "silent", (t) => process.stderr.write(t));
 * await prepareEpoch({ ...parameters, onProgress: progress.report });
 * progress.end();
 */
export function progressReporter(
  mode: ProgressMode,
  write: (text: string) => void,
  now: () => number = () => performance.now(),
): ProgressReporter {
  if (mode === "silent") return { report: () => {}, end: () => {} };
  const startedAt = now();
  let phase: { name: string; startedAt: number } | undefined;
  let shownAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  const every = mode === "terminal" ? REDRAW_MS : JSON_EVERY_MS;
  return {
    report(event) {
      const at = now();
      const newPhase = phase?.name !== event.phase;
      if (newPhase) phase = { name: event.phase, startedAt: at };
      const finished = event.total !== undefined && event.done >= event.total;
      if (!newPhase && !finished && at - shownAt < every) return;
      shownAt = at;
      if (mode === "json") {
        write(`${JSON.stringify({ event: "progress", ...event, elapsedMs: Math.round(at - startedAt) })}\n`);
        return;
      }
      write(`${CLEAR_LINE}${formatProgress(event, at - phase!.startedAt)}`);
      drawn = true;
    },
    end() {
      if (drawn) write(CLEAR_LINE);
      drawn = false;
    },
  };
}

/**
 * One line of progress: `scoring 120/300 (40%) · 35/s · about 5 s left`, or `reading the chain 1200` when the
 * total is not known. The rate and the time left come from the phase's elapsed milliseconds.
 *
 * @example
 * formatProgress({ phase: "scoring", done: 120, total: 300 }, 3_400) // "scoring 120/300 (40%) · 35/s · about 5 s left"
 */
export function formatProgress(event: ProgressEvent, elapsedMs: number): string {
  const { phase, done, total } = event;
  if (total === undefined) return `${phase} ${done}`;
  const parts = [`${phase} ${done}/${total} (${total === 0 ? 100 : Math.floor((done * 100) / total)}%)`];
  if (elapsedMs > 0 && done > 0) {
    const perSecond = (done * 1_000) / elapsedMs;
    parts.push(`${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`);
    if (done < total) parts.push(`about ${duration((total - done) / perSecond)} left`);
  }
  return parts.join(" · ");
}

function duration(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
