/**
 * @coherence/intake: the forge intake service. Merged pull requests (GitHub) and merge requests (GitLab) of opted-in
 * repositories become attested contributions, behind gates that record why they refuse; `npm run intake` runs it
 * (`src/cli/intake.ts`).
 */
export { ATTESTER_KEY, type IntakeEnvironment, intakeEnvironment, RELAYER_KEY } from "./cli/intakeEnvironment.ts";
export type { ChangeAccount, ChangeComment, ClosedChange } from "./forge/change.ts";
export { canWrite, type Forge, PERMISSIONS, type Permission, type RepositoryForge } from "./forge/forge.ts";
export { githubClosedChange, githubComment } from "./forge/githubEvents.ts";
export { type GitHubAppCredentials, GitHubForge } from "./forge/githubForge.ts";
export {
  gitlabClosedChange,
  gitlabComment,
  isGitLabBot,
  type MergeRequestHook,
  type NoteHook,
} from "./forge/gitlabEvents.ts";
export {
  type GitLabCredentials,
  GitLabForge,
  GitLabRepository,
  type MergeRequestFacts,
  permissionOfAccessLevel,
} from "./forge/gitlabForge.ts";
export { startIntakeServer } from "./http/intakeServer.ts";
export {
  FORGE_HOSTS,
  type ForgeLinkStatement,
  forgeLinkTypedData,
  GITHUB_FORGE,
  type LinkRegistry,
  linkRegistryOf,
  nextLinkStatement,
  statementOf,
  statementText,
  verifyForgeLink,
} from "./links/forgeLink.ts";
export {
  type LinkRecorderParameters,
  linkerWallet,
  type RecordLinksResult,
  recordLinks,
} from "./links/linkRecorder.ts";
export {
  COHERENCE_FILE,
  COHERENCE_FILE_FORMAT,
  type CoherenceFile,
  coherenceFileText,
  DEFAULT_GATES,
  type Gates,
  type GatesInFile,
  gatesOf,
  gatesSchema,
  optInTypedData,
  parseCoherenceFile,
} from "./optIn/coherenceFile.ts";
export { type OptIn, verifyOptIn } from "./optIn/verifyOptIn.ts";
export { COST_REPORTS_DIR } from "./pipeline/costReportOf.ts";
export type { IntakeContext } from "./pipeline/intakeContext.ts";
export { processClosedChange } from "./pipeline/processClosedChange.ts";
export { processComment } from "./pipeline/processComment.ts";
export { processDelivery } from "./pipeline/processDelivery.ts";
export { type RelayerParameters, type RelayResult, relayOnce } from "./relay/relayer.ts";
export { type IntakeService, type IntakeServiceParameters, startIntakeService } from "./service/intakeService.ts";
export type {
  Contribution,
  ContributionState,
  Delivery,
  DeliveryOutcome,
  IntakeStore,
  Link,
  LinkOnChain,
  RecordedRefusal,
  Refusal,
} from "./store/intakeStore.ts";
export { PostgresStore } from "./store/postgresStore.ts";
export { SqliteStore } from "./store/sqliteStore.ts";
export { FORGE_LINK_TYPES, INTAKE_DOMAIN, REPOSITORY_OPT_IN_TYPES } from "./typedData.ts";
export { DEFAULT_MAX_PAYLOAD_BYTES } from "./webhook/receiveDelivery.ts";
export { githubSource, gitlabSource, type WebhookSource } from "./webhook/webhookSources.ts";
