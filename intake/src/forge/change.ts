/**
 * What the pipeline reads of a delivery, whichever forge sent it: a change request that was closed (a GitHub pull
 * request, a GitLab merge request) and a comment on one. Each forge's adapter makes these from its own payloads
 * (`githubEvents.ts`), with the repository's API as that forge's installation sees it.
 */
import type { ForgeName } from "../store/intakeStore.ts";
import type { RepositoryForge } from "./forge.ts";

/** What each forge calls a change request, as its users read it. */
export const CHANGE_REQUEST: Record<ForgeName, string> = { github: "pull request", gitlab: "merge request" };

export type ChangeAccount = {
  login: string;
  /** The forge's stable numeric id of the account. */
  accountId: string;
  bot: boolean;
};

/**
 * Where a forge's API finds the repository, as `Forge.repository` is asked: the delivery's scope (a GitHub App's
 * installation id, a GitLab project's id) and the owner and name. Kept with what is decided so that work done
 * after the delivery (the feedback comment) can reach the repository again, after a restart too.
 */
export type RepositoryAddress = { scope: number; owner: string; name: string };

export type ClosedChange = {
  forge: ForgeName;
  /** `<forge host>/<owner>/<repo>`. */
  repository: string;
  number: number;
  /** The merge commit; undefined for a change closed without merging. */
  mergeSha: string | undefined;
  /**
   * Where the merged range starts, when it is not the merge commit's first parent: a fast-forward merge (GitLab)
   * makes no merge commit, and its range is the change request's diff base to its head.
   */
  mergeBase?: string;
  /** Unix seconds; undefined when not merged. */
  mergedAt: number | undefined;
  targetBranch: string;
  defaultBranch: string;
  author: ChangeAccount;
  labels: readonly string[];
  /** The URL the oracle's scorer clones: the evidence names it. */
  cloneUrl: string;
  address: RepositoryAddress;
  api: () => Promise<RepositoryForge>;
};

export type ChangeComment = {
  forge: ForgeName;
  repository: string;
  /** The change request (or issue) commented on. */
  number: number;
  onChangeRequest: boolean;
  author: ChangeAccount;
  body: string;
  /** The repository's, as a change request of it carries them: what `/ccn preview` previews with. */
  defaultBranch: string;
  cloneUrl: string;
  address: RepositoryAddress;
  api: () => Promise<RepositoryForge>;
};

/** A change request opened, pushed to or reopened: what its preview reads. */
export type OpenChange = Omit<ClosedChange, "mergeSha" | "mergedAt"> & {
  /** The head commit, as the forge last saw it. */
  head: string;
  /** The target branch's commit it was opened (or last updated) against. */
  base: string;
};
