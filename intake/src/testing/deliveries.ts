/**
 * Webhook deliveries as GitHub sends them, for tests and benchmarks: payloads of the real shapes published in
 * `@octokit/webhooks-examples`, HMAC-signed with the secret and posted over HTTP to a running intake.
 */
import type { EmitterWebhookEventName, Webhooks } from "@octokit/webhooks";
import examples from "@octokit/webhooks-examples" with { type: "json" };

type Example = { name: string; examples: Record<string, unknown>[] };

/**
 * A copy of the first published example of `event` with this `action`, to be adjusted to the test's world.
 *
 * @example
 * const payload = examplePayload("pull_request", "closed");
 */
export function examplePayload(event: string, action: string): Record<string, unknown> {
  const found = (examples as unknown as Example[])
    .find((e) => e.name === event)
    ?.examples.find((e) => e.action === action);
  if (found === undefined) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(found);
}

export type PostedDelivery = { status: number; body: { outcome: string; reason?: string; delivery?: string } };

export type PostDeliveryParameters = {
  url: string;
  event: EmitterWebhookEventName | string;
  id: string;
  /** The exact text sent (a JSON payload, or anything else to send malformed input). */
  body: string;
  /** Signs the body; `undefined` sends no signature, a string sends that one. */
  signature: Webhooks | string | undefined;
};

/** Posts one delivery to `<url>/webhooks/github` and returns the answer. */
export async function postDelivery(p: PostDeliveryParameters): Promise<PostedDelivery> {
  const signature = typeof p.signature === "object" ? await p.signature.sign(p.body) : p.signature;
  const response = await fetch(`${p.url}/webhooks/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": p.event.split(".")[0]!,
      "x-github-delivery": p.id,
      ...(signature === undefined ? {} : { "x-hub-signature-256": signature }),
    },
    body: p.body,
  });
  return { status: response.status, body: (await response.json()) as PostedDelivery["body"] };
}

/** The repository a test's deliveries come from. */
export type PayloadRepository = { owner: string; name: string; cloneUrl: string; installationId: number };
export type PayloadAccount = { login: string; id: number; type?: "User" | "Bot" };

function repositoryFields(payload: Record<string, unknown>, r: PayloadRepository) {
  const repository = payload.repository as Record<string, unknown>;
  return {
    repository: {
      ...repository,
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      owner: { ...(repository.owner as object), login: r.owner },
      default_branch: "main",
      clone_url: r.cloneUrl,
    },
    installation: { id: r.installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
  };
}

const userFields = (user: Record<string, unknown>, account: PayloadAccount) => ({
  ...user,
  login: account.login,
  id: account.id,
  type: account.type ?? "User",
});

/** What both pull-request payloads name: the repository, the pull request's number, its author and commits. */
type PullRequestFields = {
  repository: PayloadRepository;
  number: number;
  author: PayloadAccount;
  head: string;
  base: string;
};

/**
 * The published example of `pull_request.<action>` made `p`'s pull request, on `main`, with `pullRequest`'s
 * fields (its state, labels and merge) over the example's.
 */
function pullRequestPayload(
  action: string,
  p: PullRequestFields,
  pullRequest: Record<string, unknown>,
): Record<string, unknown> {
  const payload = examplePayload("pull_request", action);
  const pr = payload.pull_request as Record<string, Record<string, unknown>>;
  return {
    ...payload,
    number: p.number,
    ...repositoryFields(payload, p.repository),
    pull_request: {
      ...pr,
      number: p.number,
      user: userFields(pr.user!, p.author),
      ...pullRequest,
      base: { ...pr.base, ref: "main", sha: p.base },
      head: { ...pr.head, sha: p.head },
    },
  };
}

/** A `pull_request.closed` payload of the published shape, for a pull request of `repository`. */
export function closedPullRequest(
  p: PullRequestFields & {
    /** The merge commit, or undefined for a pull request closed without merging. */
    merge: string | undefined;
    labels?: string[];
    mergedAt?: string;
  },
): Record<string, unknown> {
  return pullRequestPayload("closed", p, {
    labels: (p.labels ?? []).map((name, i) => ({ id: i + 1, name, color: "ededed", default: false })),
    merged: p.merge !== undefined,
    merge_commit_sha: p.merge ?? null,
    merged_at: p.merge === undefined ? null : (p.mergedAt ?? "2026-11-02T12:00:00Z"),
  });
}

/** A `pull_request` payload of the published shape for `action` (`opened`, `synchronize`, `reopened`): an open one. */
export function updatedPullRequest(
  p: PullRequestFields & { action: "opened" | "synchronize" | "reopened" },
): Record<string, unknown> {
  return pullRequestPayload(p.action, p, {
    state: "open",
    labels: [],
    merged: false,
    merge_commit_sha: null,
    merged_at: null,
  });
}

/** An `issue_comment.created` payload of the published shape: `body` by `author` on pull request `number`. */
export function createdComment(p: {
  repository: PayloadRepository;
  number: number;
  author: PayloadAccount;
  body: string;
}): Record<string, unknown> {
  const payload = examplePayload("issue_comment", "created");
  const comment = payload.comment as Record<string, Record<string, unknown>>;
  const issue = payload.issue as Record<string, unknown>;
  return {
    ...payload,
    ...repositoryFields(payload, p.repository),
    issue: { ...issue, number: p.number, pull_request: { url: `https://api.github.com/pulls/${p.number}` } },
    comment: { ...comment, body: p.body, user: userFields(comment.user!, p.author) },
  };
}
