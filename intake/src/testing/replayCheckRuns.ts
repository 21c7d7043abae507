/**
 * GitHub's Checks API as the replay answers it (`POST /check-runs`, `PATCH /check-runs/{id}`, `GET
 * /commits/{ref}/check-runs`), in the documented response shapes (`github/check-run.json`, recorded from a real
 * run), keeping every run in memory on its `ReplayRepository`, with each state it was given, so a test reads what
 * the intake published and in what order. The same outages as the comment endpoints (`replayComments.ts`):
 * `unavailable` answers 502, `answer-lost` keeps the next write and answers it 502, then stays unavailable.
 */
import { readFileSync } from "node:fs";

import type { CommentFault } from "./replayComments.ts";
import type { ReplayAnswer } from "./replayGit.ts";

const TEMPLATE = JSON.parse(readFileSync(new URL("github/check-run.json", import.meta.url), "utf8")) as Record<
  string,
  unknown
>;

/** One state a check run was given: created, or updated. */
export type ReplayCheckRunState = {
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
};

export type ReplayCheckRun = { id: number; name: string; headSha: string; states: ReplayCheckRunState[] };

export type ReplayCheckRunLog = { runs: ReplayCheckRun[]; fault?: CommentFault | undefined };

const UNAVAILABLE: ReplayAnswer = { status: 502, body: { message: "Server Error" } };
const NOT_FOUND: ReplayAnswer = { status: 404, body: { message: "Not Found" } };

type RunRequest = {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  output?: { title?: string; summary?: string };
};

const latest = (run: ReplayCheckRun) => run.states.at(-1)!;

function render(run: ReplayCheckRun) {
  const state = latest(run);
  return {
    ...TEMPLATE,
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    status: state.status,
    conclusion: state.conclusion,
    completed_at: state.status === "completed" ? new Date().toISOString() : null,
    output: { ...(TEMPLATE.output as object), title: state.title, summary: state.summary },
  };
}

/** The next state of a run from a request's fields, over the one it had. */
function stateOf(request: RunRequest, before: ReplayCheckRunState | undefined): ReplayCheckRunState {
  const status = request.status ?? (request.conclusion !== undefined ? "completed" : (before?.status ?? "queued"));
  return {
    status,
    conclusion: request.conclusion ?? (status === "completed" ? (before?.conclusion ?? null) : null),
    title: request.output?.title ?? before?.title ?? null,
    summary: request.output?.summary ?? before?.summary ?? null,
  };
}

/** Applies a write under the log's fault: kept and answered, kept and its answer lost, or refused. */
function write(log: ReplayCheckRunLog, apply: () => ReplayAnswer): ReplayAnswer {
  if (log.fault === "unavailable") return UNAVAILABLE;
  const answer = apply();
  if (log.fault !== "answer-lost" || answer.status >= 400) return answer;
  log.fault = "unavailable";
  return UNAVAILABLE;
}

/** The check-run routes, by `<method> <the path after /repos/<owner>/<repo>/>`. */
export function checkRunRoutes(
  repo: { checkRunLog?: ReplayCheckRunLog },
  url: URL,
  body: string,
): [RegExp, (groups: string[]) => ReplayAnswer][] {
  const log = () => {
    repo.checkRunLog ??= { runs: [] };
    return repo.checkRunLog;
  };
  const request = () => JSON.parse(body === "" ? "{}" : body) as RunRequest;
  return [
    [
      /^GET commits\/([^/]+)\/check-runs$/,
      ([ref]) => {
        if (log().fault === "unavailable") return UNAVAILABLE;
        const name = url.searchParams.get("check_name");
        const runs = log()
          .runs.filter((r) => r.headSha === ref && (name === null || r.name === name))
          .reverse();
        return { status: 200, body: { total_count: runs.length, check_runs: runs.map(render) } };
      },
    ],
    [
      /^POST check-runs$/,
      () => {
        const fields = request();
        if (fields.name === undefined || fields.head_sha === undefined)
          return { status: 422, body: { message: 'Invalid request.\n\n"name" and "head_sha" are required.' } };
        return write(log(), () => {
          const run = { id: log().runs.length + 1, name: fields.name!, headSha: fields.head_sha!, states: [] };
          const created: ReplayCheckRun = { ...run, states: [stateOf(fields, undefined)] };
          log().runs.push(created);
          return { status: 201, body: render(created) };
        });
      },
    ],
    [
      /^PATCH check-runs\/(\d+)$/,
      ([id]) => {
        const run = log().runs.find((r) => r.id === Number(id));
        if (run === undefined) return NOT_FOUND;
        return write(log(), () => {
          run.states.push(stateOf(request(), latest(run)));
          return { status: 200, body: render(run) };
        });
      },
    ],
  ];
}
