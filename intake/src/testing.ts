/** @coherence/intake/testing: GitHub and GitLab as the intake's tests and benchmarks see them, and real git repositories. */

export { basicAuthorization } from "./preview/fetchAuthorization.ts";
export { storeContract } from "./store/storeContract.ts";
export {
  closedPullRequest,
  createdComment,
  examplePayload,
  type PayloadAccount,
  type PayloadRepository,
  postDelivery,
  updatedPullRequest,
} from "./testing/deliveries.ts";
export { type GitHttpServer, startGitHttpServer } from "./testing/gitHttpServer.ts";
export {
  type GitHubReplay,
  REPLAY_INSTALLATION_TOKEN,
  type ReplayPullRequest,
  type ReplayRepository,
  startGitHubReplay,
} from "./testing/githubReplay.ts";
export {
  mergeRequestHook,
  noteHook,
  type PayloadProject,
  postGitLabDelivery,
} from "./testing/gitlabDeliveries.ts";
export { type GitLabReplay, startGitLabReplay } from "./testing/gitlabReplay.ts";
export { type CommitOptions, GitRepository } from "./testing/gitRepository.ts";
export {
  ACCOUNTS,
  accountOf,
  forgeAccount,
  type IntakeWorld,
  keyOf,
  type LinkedIntakeWorld,
  type LocalForge,
  type LocalForgeOptions,
  type Name,
  type Pull,
  type PullRequestOptions,
  startIntakeWorld,
  startLinkedIntakeWorld,
  startLocalForge,
} from "./testing/intakeWorld.ts";
export type { ReplayCheckRun, ReplayCheckRunLog, ReplayCheckRunState } from "./testing/replayCheckRuns.ts";
export { commandLinesHolding, filesHolding } from "./testing/secretLeaks.ts";
