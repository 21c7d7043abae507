/**
 * GitHub's webhook payloads (typed by `@octokit/webhooks`) as the pipeline reads them: a closed pull request and
 * a comment, with the repository's API as the delivery's App installation sees it.
 */
import type { EmitterWebhookEvent } from "@octokit/webhooks";

import { isBot } from "../pipeline/gates.ts";
import type { ChangeComment, ClosedChange, OpenChange } from "./change.ts";
import type { Forge } from "./forge.ts";

type ClosedPullRequest = EmitterWebhookEvent<"pull_request.closed">["payload"];
type CreatedComment = EmitterWebhookEvent<"issue_comment.created">["payload"];
type UpdatedPullRequest = EmitterWebhookEvent<
  "pull_request.opened" | "pull_request.synchronize" | "pull_request.reopened"
>["payload"];

/** The pull request events that make a preview: opened, pushed to, reopened. */
export const PREVIEWED_PULL_REQUEST_EVENTS: readonly string[] = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
];

/** Why a delivery names no repository the App can read. */
export type NoInstallation = { code: "no-installation"; reason: string };

const NO_INSTALLATION: NoInstallation = {
  code: "no-installation",
  reason: "the delivery names no GitHub App installation",
};

type RepositoryPayload = Pick<ClosedPullRequest, "repository">;

function repositoryApi(forge: Forge, installationId: number, payload: RepositoryPayload) {
  return () => forge.repository(installationId, payload.repository.owner.login, payload.repository.name);
}

/** `<host>/<owner>/<repo>`: the host as the repository's page names it, so GitHub Enterprise's is its own. */
const repositoryName = (payload: RepositoryPayload): string =>
  `${new URL(payload.repository.html_url).host}/${payload.repository.full_name}`;

/** What every delivery says of its repository: its name, default branch, clone URL and where the API finds it. */
function repositoryOf(payload: RepositoryPayload, installationId: number, forge: Forge) {
  return {
    forge: "github" as const,
    repository: repositoryName(payload),
    defaultBranch: payload.repository.default_branch,
    cloneUrl: payload.repository.clone_url,
    address: { scope: installationId, owner: payload.repository.owner.login, name: payload.repository.name },
    api: repositoryApi(forge, installationId, payload),
  };
}

/** An opened, pushed to or reopened pull request; undefined when its author's account is gone (a ghost). */
export function githubOpenChange(payload: UpdatedPullRequest, forge: Forge): OpenChange | NoInstallation | undefined {
  if (payload.installation === undefined) return NO_INSTALLATION;
  const pr = payload.pull_request;
  const user = pr.user;
  if (user === null) return undefined;
  return {
    ...repositoryOf(payload, payload.installation.id, forge),
    number: pr.number,
    head: pr.head.sha,
    base: pr.base.sha,
    targetBranch: pr.base.ref,
    author: { login: user.login, accountId: String(user.id), bot: isBot(user) },
    labels: (pr.labels ?? []).map((l) => l.name),
  };
}

export function githubClosedChange(payload: ClosedPullRequest, forge: Forge): ClosedChange | NoInstallation {
  if (payload.installation === undefined) return NO_INSTALLATION;
  const pr = payload.pull_request;
  const merged = pr.merged === true && pr.merge_commit_sha !== null && pr.merged_at !== null;
  return {
    forge: "github",
    repository: repositoryName(payload),
    number: pr.number,
    mergeSha: merged ? (pr.merge_commit_sha ?? undefined) : undefined,
    mergedAt: merged && pr.merged_at !== null ? Math.floor(Date.parse(pr.merged_at) / 1000) : undefined,
    targetBranch: pr.base.ref,
    defaultBranch: payload.repository.default_branch,
    author: { login: pr.user.login, accountId: String(pr.user.id), bot: isBot(pr.user) },
    labels: pr.labels.map((l) => l.name),
    cloneUrl: payload.repository.clone_url,
    address: {
      scope: payload.installation.id,
      owner: payload.repository.owner.login,
      name: payload.repository.name,
    },
    api: repositoryApi(forge, payload.installation.id, payload),
  };
}

export function githubComment(payload: CreatedComment, forge: Forge): ChangeComment | NoInstallation | undefined {
  const user = payload.comment.user;
  if (user === null) return undefined;
  if (payload.installation === undefined) return NO_INSTALLATION;
  return {
    ...repositoryOf(payload, payload.installation.id, forge),
    number: payload.issue.number,
    onChangeRequest: payload.issue.pull_request !== undefined,
    author: { login: user.login, accountId: String(user.id), bot: isBot(user) },
    body: payload.comment.body,
  };
}
