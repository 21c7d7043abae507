/**
 * GitHub behind {@link RepositoryForge}: the App authenticates as the installation the delivery names
 * (`@octokit/app`, a JWT exchanged for an installation token), and `@octokit/rest` asks the REST API, at
 * `baseUrl` (GitHub's, an Enterprise server's, or a test's local replay of recorded answers).
 */
import { App } from "@octokit/app";
import { Octokit } from "@octokit/rest";

import { isBot } from "../pipeline/gates.ts";
import { basicAuthorization } from "../preview/fetchAuthorization.ts";
import { PREVIEW_NAME } from "../preview/preview.ts";
import type {
  ChangedFile,
  ChangeRequestFacts,
  Forge,
  ForgeComment,
  Permission,
  PreviewReport,
  PullRequestCommit,
  RepositoryForge,
  Review,
} from "./forge.ts";

export type GitHubAppCredentials = {
  appId: string;
  /** The App's private key, PEM. */
  privateKey: string;
  /** `https://api.github.com` unless told. */
  baseUrl: string;
};

type RestOctokit = InstanceType<typeof Octokit>;

const NOT_FOUND = 404;
const QUIET = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };
const isStatus = (error: unknown, status: number) => (error as { status?: unknown } | null)?.status === status;

class GitHubRepository implements RepositoryForge {
  readonly #octokit: RestOctokit;
  readonly #owner: string;
  readonly #repo: string;

  constructor(octokit: RestOctokit, owner: string, repo: string) {
    this.#octokit = octokit;
    this.#owner = owner;
    this.#repo = repo;
  }

  get #where() {
    return { owner: this.#owner, repo: this.#repo };
  }

  async fileAt(path: string, ref: string): Promise<string | undefined> {
    try {
      const { data } = await this.#octokit.rest.repos.getContent({ ...this.#where, path, ref });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
      return Buffer.from(data.content, "base64").toString("utf8");
    } catch (error) {
      if (isStatus(error, NOT_FOUND)) return undefined;
      throw error;
    }
  }

  async reviews(pullRequest: number): Promise<Review[]> {
    const reviews = await this.#octokit.paginate(this.#octokit.rest.pulls.listReviews, {
      ...this.#where,
      pull_number: pullRequest,
      per_page: 100,
    });
    return reviews.flatMap((r) =>
      r.user === null || r.user === undefined
        ? []
        : [{ login: r.user.login, accountId: String(r.user.id), state: r.state }],
    );
  }

  async permission(login: string): Promise<Permission> {
    try {
      const { data } = await this.#octokit.rest.repos.getCollaboratorPermissionLevel({
        ...this.#where,
        username: login,
      });
      return data.permission as Permission;
    } catch (error) {
      if (isStatus(error, NOT_FOUND)) return "none";
      throw error;
    }
  }

  async commits(pullRequest: number): Promise<PullRequestCommit[]> {
    const commits = await this.#octokit.paginate(this.#octokit.rest.pulls.listCommits, {
      ...this.#where,
      pull_number: pullRequest,
      per_page: 100,
    });
    return commits.map((c) => ({ sha: c.sha, message: c.commit.message }));
  }

  async changedFiles(pullRequest: number): Promise<ChangedFile[]> {
    const files = await this.#octokit.paginate(this.#octokit.rest.pulls.listFiles, {
      ...this.#where,
      pull_number: pullRequest,
      per_page: 100,
    });
    return files.map((f) => ({ path: f.filename, status: f.status, additions: f.additions, deletions: f.deletions }));
  }

  async firstParent(sha: string): Promise<string> {
    const { data } = await this.#octokit.rest.repos.getCommit({ ...this.#where, ref: sha });
    const parent = data.parents[0];
    if (parent === undefined) throw new Error(`${this.#owner}/${this.#repo}: commit ${sha} has no parent`);
    return parent.sha;
  }

  // A pull request's conversation is its issue's: GitHub lists and takes its comments under `issues`.
  async comments(pullRequest: number): Promise<ForgeComment[]> {
    const comments = await this.#octokit.paginate(this.#octokit.rest.issues.listComments, {
      ...this.#where,
      issue_number: pullRequest,
      per_page: 100,
    });
    return comments.map((c) => ({ id: String(c.id), body: c.body ?? "" }));
  }

  async comment(pullRequest: number, body: string): Promise<ForgeComment> {
    const { data } = await this.#octokit.rest.issues.createComment({ ...this.#where, issue_number: pullRequest, body });
    return { id: String(data.id), body: data.body ?? "" };
  }

  async changeRequest(pullRequest: number): Promise<ChangeRequestFacts> {
    const { data } = await this.#octokit.rest.pulls.get({ ...this.#where, pull_number: pullRequest });
    return {
      state: data.merged ? "merged" : data.state === "open" ? "open" : "closed",
      head: data.head.sha,
      base: data.base.sha,
      targetBranch: data.base.ref,
      author: { login: data.user.login, accountId: String(data.user.id), bot: isBot(data.user) },
      labels: data.labels.map((l) => l.name),
    };
  }

  // A check run belongs to a commit: a push makes a new one on the new head, a re-run on the same head updates it.
  async publishPreview(_pullRequest: number, head: string, report: PreviewReport): Promise<string> {
    const { data } = await this.#octokit.rest.checks.listForRef({
      ...this.#where,
      ref: head,
      check_name: PREVIEW_NAME,
      filter: "latest",
    });
    const fields = {
      ...this.#where,
      output: { title: report.title, summary: report.summary },
      // Information, never a gate: a preview does not block the merge whatever it says.
      ...(report.done
        ? { status: "completed" as const, conclusion: "neutral" as const, completed_at: new Date().toISOString() }
        : { status: "in_progress" as const }),
    };
    const existing = data.check_runs[0];
    const run =
      existing === undefined
        ? await this.#octokit.rest.checks.create({ ...fields, name: PREVIEW_NAME, head_sha: head })
        : await this.#octokit.rest.checks.update({ ...fields, check_run_id: existing.id });
    return String(run.data.id);
  }

  // As GitHub documents for an installation token over HTTPS: Basic, with the user name `x-access-token`.
  async fetchAuthorization(): Promise<string> {
    const { token } = (await this.#octokit.auth({ type: "installation" })) as { token: string };
    return basicAuthorization("x-access-token", token);
  }
}

/** A GitHub App's view of the repositories it is installed on. */
export class GitHubForge implements Forge {
  readonly #app: App<{ Octokit: typeof Octokit }>;

  constructor(credentials: GitHubAppCredentials) {
    this.#app = new App({
      appId: credentials.appId,
      privateKey: credentials.privateKey,
      // Failed requests reach the caller as errors (a 404 is often an answer: no such file); logging each again
      // would only repeat them.
      Octokit: Octokit.defaults({ baseUrl: credentials.baseUrl, log: QUIET }),
    });
  }

  /**
   * The repository `owner/repo` as the installation `installationId` sees it.
   *
   * @example
   * const repository = await forge.repository(payload.installation.id, "octo-org", "octo-repo");
   */
  async repository(installationId: number, owner: string, repo: string): Promise<RepositoryForge> {
    return new GitHubRepository(await this.#app.getInstallationOctokit(installationId), owner, repo);
  }
}
