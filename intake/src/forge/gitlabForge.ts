/**
 * GitLab behind {@link RepositoryForge}: `@gitbeaker/rest` asks GitLab's REST API (v4) at `host` (gitlab.com, a
 * self-managed instance, or a test's local replay of recorded answers) with an access token that can read the
 * projects the intake serves and comment on their merge requests (`api`), sent as GitLab wants it
 * (`PRIVATE-TOKEN`). A merge request's approvals stand for GitHub's reviews, a project member's access level for a
 * collaborator's permission.
 */
import { Gitlab } from "@gitbeaker/rest";

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
import { isGitLabBot } from "./gitlabEvents.ts";

export type GitLabCredentials = {
  /** A project, group or personal access token with `api` (`read_api` reads, but cannot comment). */
  token: string;
  /** `https://gitlab.com` unless told: the API is under `<host>/api/v4`. */
  host: string;
};

type Api = Gitlab<false>;

/** What the intake reads of a merge request beyond its webhook payload, which names its author only by id. */
export type MergeRequestFacts = {
  author: { login: string; accountId: string };
  state: string;
  /** What the merge put on the target branch: the merge commit, else the squash commit, else the head. */
  mergeSha: string | undefined;
  /**
   * Where the merged range starts when no merge commit closes it (a fast-forward merge): the merge request's
   * diff base. Undefined when the merged commit's first parent is the start, as for a merge or squash commit.
   */
  mergeBase: string | undefined;
  /** Unix seconds; undefined when not merged. */
  mergedAt: number | undefined;
};

const NOT_FOUND = 404;
const statusOf = (error: unknown): number | undefined =>
  (error as { cause?: { response?: { status?: unknown } } } | null)?.cause?.response?.status as number | undefined;

/**
 * GitLab's access levels as the permissions the gates read. Developer (30) is the first that can push, so it is
 * `write`; Reporter (20) reads and manages issues without pushing, as GitHub's triage does; Guest (10) and
 * Planner (15) read; Minimal access (5) and none (0) see nothing.
 *
 * @example
 * permissionOfAccessLevel(30) // "write"
 */
export function permissionOfAccessLevel(level: number): Permission {
  if (level >= 50) return "admin";
  if (level >= 40) return "maintain";
  if (level >= 30) return "write";
  if (level >= 20) return "triage";
  if (level >= 10) return "read";
  return "none";
}

/**
 * The lines a file's unified diff adds and removes. GitLab's diffs start at the first hunk (no `---`/`+++` file
 * header), so every line starting with `+` or `-` is content, even one whose text begins with `++`. A diff GitLab
 * collapsed for its size comes empty: its lines are not counted, which can only hold a claim for a maintainer's
 * approval, never let one through.
 */
export function diffLineCounts(diff: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  return { additions, deletions };
}

const fileStatus = (d: { new_file: boolean; deleted_file: boolean; renamed_file: boolean }) =>
  d.new_file ? "added" : d.deleted_file ? "removed" : d.renamed_file ? "renamed" : "modified";

export class GitLabRepository implements RepositoryForge {
  readonly #api: Api;
  readonly #project: number;
  readonly #name: string;
  readonly #token: string;

  constructor(api: Api, projectId: number, name: string, token: string) {
    this.#api = api;
    this.#project = projectId;
    this.#name = name;
    this.#token = token;
  }

  async fileAt(path: string, ref: string): Promise<string | undefined> {
    try {
      const file = await this.#api.RepositoryFiles.show(this.#project, path, ref);
      return Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8").toString("utf8");
    } catch (error) {
      if (statusOf(error) === NOT_FOUND) return undefined;
      throw error;
    }
  }

  /**
   * The merge request's standing approvals, as approving reviews. GitLab removes an approval a later push reset
   * (when the project says so) rather than marking it, so what the approvals API lists is what counts.
   */
  async reviews(mergeRequest: number): Promise<Review[]> {
    const approvals = await this.#api.MergeRequestApprovals.showConfiguration(this.#project, {
      mergerequestIId: mergeRequest,
    });
    const approvedBy = (approvals.approved_by ?? []) as { user: { id: number; username: string } }[];
    return approvedBy.map(({ user }) => ({ login: user.username, accountId: String(user.id), state: "APPROVED" }));
  }

  /** The account's access level on the project, inherited from its groups too; a non-member has none. */
  async permission(login: string): Promise<Permission> {
    // `query` matches names and usernames loosely: the member is the one whose username is exactly the login.
    const members = await this.#api.ProjectMembers.all(this.#project, {
      includeInherited: true,
      query: login,
      perPage: 100,
    });
    const member = members.find((m) => m.username.toLowerCase() === login.toLowerCase());
    return member === undefined ? "none" : permissionOfAccessLevel(member.access_level);
  }

  async commits(mergeRequest: number): Promise<PullRequestCommit[]> {
    const commits = await this.#api.MergeRequests.allCommits(this.#project, mergeRequest, { perPage: 100 });
    // GitLab lists them newest first; the pipeline reads them in the order made, as GitHub lists them.
    return commits.map((c) => ({ sha: c.id, message: c.message })).reverse();
  }

  async changedFiles(mergeRequest: number): Promise<ChangedFile[]> {
    const diffs = await this.#api.MergeRequests.allDiffs(this.#project, mergeRequest, { perPage: 100 });
    return diffs.map((d) => ({ path: d.new_path, status: fileStatus(d), ...diffLineCounts(d.diff) }));
  }

  async firstParent(sha: string): Promise<string> {
    const commit = await this.#api.Commits.show(this.#project, sha);
    const parent = commit.parent_ids?.[0];
    if (parent === undefined) throw new Error(`${this.#name}: commit ${sha} has no parent`);
    return parent;
  }

  /** The merge request's notes, oldest first (GitLab's default order is newest first). */
  async comments(mergeRequest: number): Promise<ForgeComment[]> {
    const notes = await this.#api.MergeRequestNotes.all(this.#project, mergeRequest, {
      sort: "asc",
      orderBy: "created_at",
      perPage: 100,
    });
    return notes.map((n) => ({ id: String(n.id), body: n.body }));
  }

  async comment(mergeRequest: number, body: string): Promise<ForgeComment> {
    const note = await this.#api.MergeRequestNotes.create(this.#project, mergeRequest, body);
    return { id: String(note.id), body: note.body };
  }

  async changeRequest(mergeRequest: number): Promise<ChangeRequestFacts> {
    const mr = await this.#api.MergeRequests.show(this.#project, mergeRequest);
    const base = (mr.diff_refs as { base_sha?: string } | null)?.base_sha;
    if (base === undefined) throw new Error(`${this.#project}!${mergeRequest} has no diff base yet`);
    return {
      state: mr.state === "merged" ? "merged" : mr.state === "opened" ? "open" : "closed",
      head: mr.sha,
      base,
      targetBranch: mr.target_branch,
      author: { login: mr.author.username, accountId: String(mr.author.id), bot: isGitLabBot(mr.author.username) },
      labels: (mr.labels as (string | { name: string })[]).map((l) => (typeof l === "string" ? l : l.name)),
    };
  }

  // GitLab has no check runs: the preview is one note of the merge request, found by its marker and edited.
  async publishPreview(mergeRequest: number, _head: string, report: PreviewReport): Promise<string> {
    const marker = `<!-- ${PREVIEW_NAME} -->`;
    const body = `${marker}\n### ${PREVIEW_NAME}: ${report.title}\n\n${report.summary}`;
    const existing = (await this.comments(mergeRequest)).find((c) => c.body.startsWith(marker));
    const note =
      existing === undefined
        ? await this.#api.MergeRequestNotes.create(this.#project, mergeRequest, body)
        : await this.#api.MergeRequestNotes.edit(this.#project, mergeRequest, Number(existing.id), { body });
    return String(note.id);
  }

  // GitLab takes an access token over HTTPS as the password of any user name; `oauth2` is the one it documents.
  async fetchAuthorization(): Promise<string> {
    return basicAuthorization("oauth2", this.#token);
  }

  /** The merge request's author, state and merge, which a Merge Request Hook leaves to the API. */
  async mergeRequest(iid: number): Promise<MergeRequestFacts> {
    const mr = await this.#api.MergeRequests.show(this.#project, iid);
    const merged = mr.state === "merged" && mr.merged_at !== null;
    const committed = mr.merge_commit_sha ?? mr.squash_commit_sha ?? undefined;
    // A fast-forward merge puts the merge request's own commits on the target branch: its range is its diff.
    const fastForward = merged && committed === undefined;
    return {
      author: { login: mr.author.username, accountId: String(mr.author.id) },
      state: mr.state,
      mergeSha: fastForward ? (mr.sha ?? undefined) : committed,
      mergeBase: fastForward ? ((mr.diff_refs as { base_sha?: string } | null)?.base_sha ?? undefined) : undefined,
      mergedAt: merged && mr.merged_at !== null ? Math.floor(Date.parse(mr.merged_at) / 1000) : undefined,
    };
  }
}

/** The projects an access token can read. */
export class GitLabForge implements Forge {
  readonly #api: Api;
  readonly #token: string;

  constructor(credentials: GitLabCredentials) {
    this.#api = new Gitlab<false>({ host: credentials.host, token: credentials.token });
    this.#token = credentials.token;
  }

  /**
   * The project `namespace/path`, by its id (what GitLab's API is asked with: it survives a rename or a move).
   *
   * @example
   * const project = await forge.repository(payload.project.id, "octo-org", "lib");
   */
  async repository(projectId: number, namespace: string, path: string): Promise<GitLabRepository> {
    return new GitLabRepository(this.#api, projectId, `${namespace}/${path}`, this.#token);
  }
}
