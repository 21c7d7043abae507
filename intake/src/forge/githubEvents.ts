/**
 * GitHub's webhook payloads (typed by `@octokit/webhooks`) as the pipeline reads them: a closed pull request and
 * a comment, with the repository's API as the delivery's App installation sees it.
 */
import type { EmitterWebhookEvent } from "@octokit/webhooks";

import { isBot } from "../pipeline/gates.ts";
import type { ChangeComment, ClosedChange } from "./change.ts";
import type { Forge } from "./forge.ts";

type ClosedPullRequest = EmitterWebhookEvent<"pull_request.closed">["payload"];
type CreatedComment = EmitterWebhookEvent<"issue_comment.created">["payload"];

/** Why a delivery names no repository the App can read. */
export type NoInstallation = { code: "no-installation"; reason: string };

const NO_INSTALLATION: NoInstallation = {
  code: "no-installation",
  reason: "the delivery names no GitHub App installation",
};

function repositoryApi(forge: Forge, installationId: number, payload: ClosedPullRequest | CreatedComment) {
  return () => forge.repository(installationId, payload.repository.owner.login, payload.repository.name);
}

export function githubClosedChange(payload: ClosedPullRequest, forge: Forge): ClosedChange | NoInstallation {
  if (payload.installation === undefined) return NO_INSTALLATION;
  const pr = payload.pull_request;
  const merged = pr.merged === true && pr.merge_commit_sha !== null && pr.merged_at !== null;
  return {
    forge: "github",
    repository: `github.com/${payload.repository.full_name}`,
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
    forge: "github",
    repository: `github.com/${payload.repository.full_name}`,
    number: payload.issue.number,
    onChangeRequest: payload.issue.pull_request !== undefined,
    author: { login: user.login, accountId: String(user.id), bot: isBot(user) },
    body: payload.comment.body,
    api: repositoryApi(forge, payload.installation.id, payload),
  };
}
