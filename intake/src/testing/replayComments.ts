/**
 * The comments a change request gets through either replay, kept in memory on its `ReplayRepository` so that a
 * test reads what the intake posted, and the comment endpoints' outages a test can set: `unavailable` answers
 * every comment request 502 (a post is not kept); `answer-lost` keeps the next post, then answers it 502 as a post
 * whose answer was lost, and the outage goes on (`unavailable`) until the test ends it, so the test decides when
 * the intake may look again.
 */
import type { ReplayAnswer } from "./replayGit.ts";

export type ReplayComment = { id: number; body: string; createdAt: string };

export type CommentFault = "unavailable" | "answer-lost";

/** What a replay keeps of a repository's comments. */
export type ReplayCommentLog = {
  /** By change request number, oldest first. */
  comments: Map<number, ReplayComment[]>;
  fault?: CommentFault | undefined;
};

const UNAVAILABLE: ReplayAnswer = { status: 502, body: { message: "Server Error" } };

export const commentsOn = (log: ReplayCommentLog | undefined, number: number): ReplayComment[] =>
  log?.comments.get(number) ?? [];

/** The answer to a listing of change request `number`'s comments, each `render`ed as the forge answers it. */
export function answerList(
  log: ReplayCommentLog | undefined,
  number: number,
  render: (comment: ReplayComment) => unknown,
): ReplayAnswer {
  if (log?.fault === "unavailable") return UNAVAILABLE;
  return { status: 200, body: commentsOn(log, number).map(render) };
}

/** The text of a posted comment from its request body: JSON (`{"body": …}`), or a form as GitLab also takes. */
function postedBody(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { body?: unknown };
    return typeof parsed.body === "string" ? parsed.body : undefined;
  } catch {
    return new URLSearchParams(body).get("body") ?? undefined;
  }
}

/**
 * The answer to a post of a comment on change request `number` of `repo`: `render`ed as the forge answers it
 * (201), `missing` when the request has no body, the fault when one is set. Ids count across the repository, as a
 * forge's do.
 */
export function answerPost(
  repo: { commentLog?: ReplayCommentLog },
  number: number,
  requestBody: string,
  render: (comment: ReplayComment) => unknown,
  missing: ReplayAnswer,
): ReplayAnswer {
  const body = postedBody(requestBody);
  if (body === undefined) return missing;
  repo.commentLog ??= { comments: new Map() };
  const log = repo.commentLog;
  if (log.fault === "unavailable") return UNAVAILABLE;
  const id = [...log.comments.values()].reduce((n, list) => n + list.length, 0) + 1;
  const comment = { id, body, createdAt: new Date().toISOString() };
  log.comments.set(number, [...commentsOn(log, number), comment]);
  if (log.fault !== "answer-lost") return { status: 201, body: render(comment) };
  log.fault = "unavailable";
  return UNAVAILABLE;
}

/**
 * The answer to an edit of comment `id` on change request `number` (GitLab's `PUT .../notes/:id`): its body
 * replaced in place, under the same faults as a post.
 */
export function answerEdit(
  repo: { commentLog?: ReplayCommentLog },
  number: number,
  id: number,
  requestBody: string,
  render: (comment: ReplayComment) => unknown,
  missing: ReplayAnswer,
): ReplayAnswer {
  const body = postedBody(requestBody);
  if (body === undefined) return missing;
  const log = repo.commentLog;
  if (log?.fault === "unavailable") return UNAVAILABLE;
  const comment = commentsOn(log, number).find((c) => c.id === id);
  if (comment === undefined) return { status: 404, body: { message: "404 Not found" } };
  comment.body = body;
  if (log!.fault !== "answer-lost") return { status: 200, body: render(comment) };
  log!.fault = "unavailable";
  return UNAVAILABLE;
}
