/**
 * Webhook deliveries as GitLab sends them, for tests: payloads of the documented shapes in `gitlab/` (a Merge
 * Request Hook, a Note Hook on a merge request), carrying the webhook's secret token and an event UUID, posted over
 * HTTP to a running intake.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import type { PayloadAccount, PostedDelivery } from "./deliveries.ts";

const documented = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`gitlab/${name}.json`, import.meta.url), "utf8"));

/** The project a test's deliveries come from. */
export type PayloadProject = { id: number; pathWithNamespace: string; host?: string };

function projectFields(project: PayloadProject) {
  const web = `https://${project.host ?? "gitlab.com"}/${project.pathWithNamespace}`;
  const [namespace] = project.pathWithNamespace.split("/");
  return {
    id: project.id,
    name: project.pathWithNamespace.split("/").at(-1),
    web_url: web,
    git_ssh_url: `git@${project.host ?? "gitlab.com"}:${project.pathWithNamespace}.git`,
    git_http_url: `${web}.git`,
    namespace,
    path_with_namespace: project.pathWithNamespace,
    default_branch: "main",
    homepage: web,
    url: `${web}.git`,
    http_url: `${web}.git`,
  };
}

const userFields = (user: unknown, account: PayloadAccount) => ({
  ...(user as object),
  id: account.id,
  username: account.login,
  name: account.login,
});

/**
 * A Merge Request Hook of the documented shape: `action` `merge` (state `merged`, with the merge commit, which
 * GitLab sends though the documented example, of an opened one, has none) or `close` (state `closed`).
 */
export function mergeRequestHook(p: {
  project: PayloadProject;
  iid: number;
  /** Whoever merged or closed it: the hook's `user`. */
  by: PayloadAccount;
  authorId: number;
  /** `update` is a push to it (GitLab then sends `oldrev`, the head before). */
  action: "merge" | "close" | "open" | "reopen" | "update";
  merge?: string;
  labels?: string[];
}): Record<string, unknown> {
  const payload = documented("merge-request-hook");
  const attributes = payload.object_attributes as Record<string, unknown>;
  const project = { ...(payload.project as object), ...projectFields(p.project) };
  const labels = (p.labels ?? []).map((title, i) => ({ ...(payload.labels as object[])[0], id: i + 1, title }));
  const state = { merge: "merged", close: "closed", open: "opened", reopen: "opened", update: "opened" }[p.action];
  const { oldrev: _, ...documentedAttributes } = attributes;
  return {
    ...payload,
    user: userFields(payload.user, p.by),
    project,
    object_attributes: {
      ...documentedAttributes,
      ...(p.action === "update" ? { oldrev: "0".repeat(40) } : {}),
      iid: p.iid,
      target_branch: "main",
      author_id: p.authorId,
      target_project_id: p.project.id,
      source_project_id: p.project.id,
      state,
      action: p.action,
      merge_commit_sha: p.action === "merge" ? (p.merge ?? null) : null,
      source: project,
      target: project,
      labels,
    },
    labels,
  };
}

/** A Note Hook of the documented shape: `body` by `author` on merge request `iid`. */
export function noteHook(p: {
  project: PayloadProject;
  iid: number;
  author: PayloadAccount;
  body: string;
}): Record<string, unknown> {
  const payload = documented("note-hook");
  const project = { ...(payload.project as object), ...projectFields(p.project) };
  return {
    ...payload,
    user: userFields(payload.user, p.author),
    project_id: p.project.id,
    project,
    object_attributes: {
      ...(payload.object_attributes as object),
      note: p.body,
      author_id: p.author.id,
      project_id: p.project.id,
    },
    merge_request: { ...(payload.merge_request as object), iid: p.iid, target_project_id: p.project.id },
  };
}

/** The `X-Gitlab-Event` header of a payload's kind, as GitLab names it. */
const EVENT_HEADER: Record<string, string> = { merge_request: "Merge Request Hook", note: "Note Hook" };

export type PostGitLabDeliveryParameters = {
  url: string;
  /** The exact text sent. */
  body: string;
  /** `X-Gitlab-Token`; undefined sends none. */
  token: string | undefined;
  /** `X-Gitlab-Event-UUID`; a new one unless told. */
  uuid?: string;
  /** `X-Gitlab-Event`; from the payload's `object_kind` unless told. */
  event?: string;
};

/** Posts one delivery to `<url>/webhooks/gitlab` and returns the answer, with the UUID it was sent under. */
export async function postGitLabDelivery(p: PostGitLabDeliveryParameters): Promise<PostedDelivery & { uuid: string }> {
  const uuid = p.uuid ?? randomUUID();
  let kind = "";
  try {
    kind = String((JSON.parse(p.body) as { object_kind?: unknown }).object_kind);
  } catch {
    // Malformed on purpose: the header says what it claims to be.
  }
  const response = await fetch(`${p.url}/webhooks/gitlab`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-gitlab-event": p.event ?? EVENT_HEADER[kind] ?? "Merge Request Hook",
      "x-gitlab-event-uuid": uuid,
      ...(p.token === undefined ? {} : { "x-gitlab-token": p.token }),
    },
    body: p.body,
  });
  return { status: response.status, body: (await response.json()) as PostedDelivery["body"], uuid };
}
