/**
 * GitLab's webhook payloads (typed by `@gitbeaker/rest`'s webhook schemas) as the pipeline reads them: a Merge
 * Request Hook that merged or closed a merge request becomes a closed change, a Note Hook on a merge request or an
 * issue a comment, with the project's API as the intake's token sees it. A Merge Request Hook names its author
 * only by id (its `user` is whoever merged), so the author and the merge are read from the merge request itself.
 */
import type { WebhookBaseNoteEventSchema, WebhookMergeRequestEventSchema } from "@gitbeaker/rest";

import type { ChangeComment, ClosedChange, OpenChange, RepositoryAddress } from "./change.ts";
import type { GitLabForge } from "./gitlabForge.ts";

export type MergeRequestHook = WebhookMergeRequestEventSchema;
/** A Note Hook: the noted merge request or issue is under `merge_request` or `issue`, as its `noteable_type` says. */
export type NoteHook = WebhookBaseNoteEventSchema & {
  merge_request?: { iid: number };
  issue?: { iid: number };
  object_attributes: { action?: string };
};

/** Why a delivery cannot become a change the pipeline decides on. */
export type UnreadableChange = { code: string; reason: string };

/**
 * GitLab's bot users, made for project and group access tokens, are named `project_<id>_bot_<hash>` and
 * `group_<id>_bot_<hash>` (`..._bot<n>` before GitLab 14.x); webhook payloads carry no account type to say so.
 */
const TOKEN_BOT = /^(?:project|group)_\d+_bot(?:_[0-9a-f]+|\d*)$/i;

export const isGitLabBot = (username: string): boolean => TOKEN_BOT.test(username);

type Project = WebhookMergeRequestEventSchema["project"];

/** `<host>/<namespace>/<path>`, the host from the project's web URL: a self-managed instance names itself. */
const repositoryName = (project: Project) => `${new URL(project.web_url).host}/${project.path_with_namespace}`;

function projectAddress(project: Project): RepositoryAddress {
  const slash = project.path_with_namespace.lastIndexOf("/");
  return {
    scope: project.id,
    owner: project.path_with_namespace.slice(0, slash),
    name: project.path_with_namespace.slice(slash + 1),
  };
}

function projectApi(forge: GitLabForge, project: Project) {
  const { scope, owner, name } = projectAddress(project);
  return () => forge.repository(scope, owner, name);
}

/**
 * A merged or closed merge request, or undefined for the hook's other actions (opened, updated, approved...).
 *
 * @example
 * const change = await gitlabClosedChange(payload, forge); // payload of an `X-Gitlab-Event: Merge Request Hook`
 */
export async function gitlabClosedChange(
  payload: MergeRequestHook,
  forge: GitLabForge,
): Promise<ClosedChange | UnreadableChange | undefined> {
  const mr = payload.object_attributes;
  if (mr.action !== "merge" && mr.action !== "close") return undefined;
  const api = projectApi(forge, payload.project);
  const facts = await (await api()).mergeRequest(mr.iid);
  const merged = mr.action === "merge" && mr.state === "merged" && facts.state === "merged";
  const repository = repositoryName(payload.project);
  // The evidence is the range <base>..<merge> the merge closes; GitLab names no commit only if the API is broken.
  const fastForwardBase = facts.mergeBase;
  if (merged && (facts.mergeSha === undefined || facts.mergedAt === undefined))
    return {
      code: "no-merge-commit",
      reason: `${repository}!${mr.iid} is merged but GitLab names no commit it merged: its range cannot be named`,
    };
  return {
    forge: "gitlab",
    repository,
    number: mr.iid,
    mergeSha: merged ? facts.mergeSha : undefined,
    ...(merged && fastForwardBase !== undefined ? { mergeBase: fastForwardBase } : {}),
    mergedAt: merged ? facts.mergedAt : undefined,
    targetBranch: mr.target_branch,
    defaultBranch: payload.project.default_branch,
    author: { ...facts.author, bot: isGitLabBot(facts.author.login) },
    labels: (payload.labels ?? mr.labels ?? []).map((l) => l.title),
    cloneUrl: payload.project.git_http_url,
    address: projectAddress(payload.project),
    api,
  };
}

/**
 * A merge request opened, reopened or pushed to (an update with `oldrev`, which GitLab sends only for a push), or
 * undefined for the hook's other actions. Its head and diff base are the API's, read now.
 *
 * @example
 * const change = await gitlabOpenChange(payload, forge); // payload of an `X-Gitlab-Event: Merge Request Hook`
 */
export async function gitlabOpenChange(payload: MergeRequestHook, forge: GitLabForge): Promise<OpenChange | undefined> {
  const mr = payload.object_attributes;
  const pushed = mr.action === "update" && (mr as { oldrev?: string }).oldrev !== undefined;
  if (mr.action !== "open" && mr.action !== "reopen" && !pushed) return undefined;
  const api = projectApi(forge, payload.project);
  const facts = await (await api()).changeRequest(mr.iid);
  return {
    forge: "gitlab",
    repository: repositoryName(payload.project),
    number: mr.iid,
    head: facts.head,
    base: facts.base,
    targetBranch: facts.targetBranch,
    defaultBranch: payload.project.default_branch,
    author: facts.author,
    labels: facts.labels,
    cloneUrl: payload.project.git_http_url,
    address: projectAddress(payload.project),
    api,
  };
}

/**
 * A new, human comment on a merge request or an issue; undefined for an edit, a system note (GitLab's own "approved
 * this merge request") or a comment on a commit or a snippet.
 */
export function gitlabComment(payload: NoteHook, forge: GitLabForge): ChangeComment | undefined {
  const note = payload.object_attributes;
  // `action` came with GitLab 16.11; before it, a Note Hook was sent only for a new comment.
  if ((note.action !== undefined && note.action !== "create") || note.system) return undefined;
  const on =
    note.noteable_type === "MergeRequest"
      ? payload.merge_request
      : note.noteable_type === "Issue"
        ? payload.issue
        : undefined;
  if (on === undefined) return undefined;
  return {
    forge: "gitlab",
    repository: repositoryName(payload.project),
    number: on.iid,
    onChangeRequest: note.noteable_type === "MergeRequest",
    author: {
      login: payload.user.username,
      accountId: String(payload.user.id),
      bot: isGitLabBot(payload.user.username),
    },
    body: note.note,
    defaultBranch: payload.project.default_branch,
    cloneUrl: payload.project.git_http_url,
    address: projectAddress(payload.project),
    api: projectApi(forge, payload.project),
  };
}
