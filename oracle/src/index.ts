/**
 * @coherence/oracle: scoring, epoch computation, Merkle trees, manifests, signing, submission and audit, as the
 * `ccn` CLI runs them. Test fixtures are in `@coherence/oracle/testing`.
 */

export { auditEpoch } from "./audit/auditEpoch.ts";
export { readForAudit, recomputationFindings } from "./audit/auditManifest.ts";
export { finalisedEpoch } from "./audit/finalisedEpoch.ts";
export { verifyAccount } from "./audit/verifyAccount.ts";
export { bundleContent } from "./bundle/bundleContent.ts";
export {
  type ComposableRunner,
  composableRunner,
  DEFAULT_RUN_LIMITS,
  RunFailedError,
  type RunLimits,
  type RunResult,
  RunTimeoutError,
} from "./bundle/composableRunner.ts";
export { BundleHashMismatchError, NotRunnableError, type PinnedBundle, pinBundle } from "./bundle/pinBundle.ts";
export { ChainStateMismatchError, ChainStateMissingError, chainStateHash } from "./chain/chainStateFile.ts";
export { publicClientOf, walletClientOf } from "./chain/clients.ts";
export { epochLookup } from "./chain/epochLookup.ts";
export { RpcUnavailableError, ToBlockNotFinalisedError } from "./chain/errors.ts";
export { readChain } from "./chain/readChain.ts";
export { codeVersion } from "./cli/codeVersion.ts";
export { scenarioOracleConfig, writeOracleConfig } from "./cli/oracleConfig.ts";
export { costChecksInputs } from "./costs/costChecksOf.ts";
export { CostStore } from "./costs/costStore.ts";
export { commitEpoch } from "./epoch/commitEpoch.ts";
export { computeEpoch } from "./epoch/computeEpoch.ts";
export { explainLeaf } from "./epoch/explainLeaf.ts";
export { DEFAULT_MULTIPLIER } from "./epoch/multiplier.ts";
export type { EpochInput, EpochResult } from "./epoch/types.ts";
export { assembleManifest } from "./manifest/assembleManifest.ts";
export { ChunkIndex, type ChunkLocation, ChunkRootMismatchError, indexManifestChunks } from "./manifest/chunkIndex.ts";
export { type CutSliceReturnType, cutSlice, ManifestChangedError, type ReadRange } from "./manifest/cutSlice.ts";
export { epochInputOf } from "./manifest/epochInputOf.ts";
export { readManifest } from "./manifest/readManifest.ts";
export { scanManifest } from "./manifest/scanManifest.ts";
export { manifestBytes, writeManifest } from "./manifest/writeManifest.ts";
export { getProofBytes } from "./merkle/flatTree.ts";
export { keccak256, keccak256Into } from "./merkle/keccak.ts";
export { createKeccakKernel, type KeccakKernel } from "./merkle/keccakKernel.ts";
export { compileLeafEncoder } from "./merkle/leafEncoding.ts";
export { makePayoutTree, type PayoutLeaf } from "./merkle/payoutTree.ts";
export { StandardTree } from "./merkle/standardTree.ts";
export { contributionIdOf, evidenceHashOf } from "./operator/evidence.ts";
export { ACCOUNT_KEY, type KeyVariables, loadAccount } from "./operator/keys.ts";
export { ManifestMismatchError, ManifestStore } from "./operator/manifestStore.ts";
export { prepareEpoch } from "./operator/prepareEpoch.ts";
export { advanceTime, runEpoch } from "./operator/runEpoch.ts";
export { ProposalMismatchError, signEpoch } from "./operator/signing.ts";
export { finaliseEpoch, submitEpoch } from "./operator/submitEpoch.ts";
export { formatProgress, type OnProgress, type ProgressEvent, progressReporter } from "./progress/progress.ts";
export { type CarGateway, startCarGateway } from "./publish/carGateway.ts";
export { MANIFEST_BLOCK_BYTES, type PackCarReturnType, packCar } from "./publish/packCar.ts";
export { type AppliedScenario, applyScenario, payRevenue, summariseEpoch } from "./scenario/applyScenario.ts";
export { HARDHAT_MNEMONIC, scenarioAccounts } from "./scenario/scenarioAccounts.ts";
export type { Scenario } from "./scenario/scenarioTypes.ts";
export { readScenario, validateScenario } from "./scenario/validateScenario.ts";
export { RepositoryNotFoundError, ReviewRequiredError, UnconfiguredRepositoryError } from "./scoring/errors.ts";
export { ScoreStore } from "./scoring/scoreStore.ts";
export { type PeriodRecords, periodRecords, type RecordedRun, RUN_RECORDS_FORMAT } from "./usage/periodRecords.ts";
