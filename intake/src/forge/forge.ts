/**
 * What the intake asks of a forge about one repository, whichever forge it is: GitHub through its App's
 * installation (`githubForge.ts`), GitLab through an API token (`gitlabForge.ts`).
 */

/** A forge account's permission on a repository, from least to most. */
export const PERMISSIONS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Whether `permission` lets its holder push: what a review must come from to count. */
export const canWrite = (permission: Permission): boolean =>
  PERMISSIONS.indexOf(permission) >= PERMISSIONS.indexOf("write");

export type Review = { login: string; accountId: string; state: string };
export type PullRequestCommit = { sha: string; message: string };
export type ChangedFile = { path: string; status: string; additions: number; deletions: number };
/** A comment on a change request (a GitHub issue comment, a GitLab merge request note). */
export type ForgeComment = { id: string; body: string };

/** A change request as the forge's API has it now (what a `/ccn preview` comment does not carry). */
export type ChangeRequestFacts = {
  state: "open" | "closed" | "merged";
  head: string;
  base: string;
  targetBranch: string;
  author: { login: string; accountId: string; bot: boolean };
  labels: string[];
};

/** A preview as the change request shows it (`preview/previewReport.ts`). */
export type PreviewReport = {
  title: string;
  /** Markdown. */
  summary: string;
  /** False while it is being scored. */
  done: boolean;
};

export interface RepositoryForge {
  /** The file's text at `ref`, or undefined when it does not exist there. */
  fileAt(path: string, ref: string): Promise<string | undefined>;
  /** Every review of the pull request, in the order submitted. */
  reviews(pullRequest: number): Promise<Review[]>;
  /** The account's permission on the repository. */
  permission(login: string): Promise<Permission>;
  /** The pull request's commits. */
  commits(pullRequest: number): Promise<PullRequestCommit[]>;
  /** The files the pull request changes. */
  changedFiles(pullRequest: number): Promise<ChangedFile[]>;
  /** The first parent of a commit: the base a merge was made onto. */
  firstParent(sha: string): Promise<string>;
  /** Every comment on the change request, oldest first. */
  comments(changeRequest: number): Promise<ForgeComment[]>;
  /** Posts a comment on the change request as the intake. */
  comment(changeRequest: number, body: string): Promise<ForgeComment>;
  /** The change request's state, head, base and author now. */
  changeRequest(changeRequest: number): Promise<ChangeRequestFacts>;
  /**
   * Shows the preview of the change request at `head`: a GitHub check run on `head`, a GitLab note. The one
   * already there (found by its name or marker) is updated, so a re-run, or a post whose answer was lost, makes
   * no second one. Its id.
   */
  publishPreview(changeRequest: number, head: string, report: PreviewReport): Promise<string>;
  /**
   * The `Authorization` header git fetches the repository's clone URL with over HTTPS: the same credentials the
   * API is asked with (a GitHub installation token, a GitLab access token), so a private repository can be
   * previewed.
   */
  fetchAuthorization(): Promise<string>;
}

/**
 * A forge the intake is installed on. Each delivery names, besides the repository's owner and name, the forge's
 * number through which it is read: a GitHub App's installation id, a GitLab project's id.
 */
export interface Forge {
  repository(scope: number, owner: string, repo: string): Promise<RepositoryForge>;
}
