/**
 * @coherence/oracle: scoring, epoch computation, Merkle trees, manifests, signing, submission and audit, as the
 * `ccn` CLI runs them. Test fixtures are in `@coherence/oracle/testing`.
 */
export {
  auditEpoch,
  type AuditEpochParameters,
  type AuditEpochReturnType,
  type AuditFinding,
  UnknownEpochError,
} from "./audit/auditEpoch.ts";
export {
  type VerifiedLeaf,
  verifyAccount,
  type VerifyAccountReturnType,
} from "./audit/verifyAccount.ts";
export {
  chainOf,
  publicClientOf,
  walletClientOf,
} from "./chain/clients.ts";
export {
  ChainDataError,
  RpcUnavailableError,
} from "./chain/errors.ts";
export {
  type ChainAsset,
  type ChainContribution,
  type ChainEpoch,
  type ChainRevenue,
  readChain,
  type ReadChainParameters,
  type ReadChainReturnType,
  rpcUrlOf,
} from "./chain/readChain.ts";
export {
  codeVersion,
} from "./cli/codeVersion.ts";
export {
  ORACLE_CONFIG_FORMAT,
  type OracleConfig,
  oracleConfigSchema,
  readOracleConfig,
  scenarioOracleConfig,
  writeOracleConfig,
} from "./cli/oracleConfig.ts";
export {
  commitEpoch,
  EMPTY_ROOT,
  type EpochCommitment,
  makeScoresTree,
  type ScoreLeaf,
} from "./epoch/commitEpoch.ts";
export {
  computeEpoch,
} from "./epoch/computeEpoch.ts";
export {
  explainLeaf,
  type ExplainLeafParameters,
  formatMicroUsd,
  formatMultiplier,
  formatPercent,
} from "./epoch/explainLeaf.ts";
export {
  DEFAULT_MULTIPLIER,
  multiplierBps,
  validateMultiplierCurve,
} from "./epoch/multiplier.ts";
export {
  type EpochInput,
  type EpochResult,
} from "./epoch/types.ts";
export {
  assembleManifest,
  type AssembleManifestParameters,
} from "./manifest/assembleManifest.ts";
export {
  epochInputOf,
} from "./manifest/epochInputOf.ts";
export {
  readManifest,
  type ReadManifestReturnType,
} from "./manifest/readManifest.ts";
export {
  manifestBytes,
  type ManifestSink,
  writeManifest,
  type WriteManifestReturnType,
} from "./manifest/writeManifest.ts";
export {
  findInvalidNode,
  getProofBytes,
  hashSortedPair,
  makeFlatTree,
  nodeCount,
  processProof,
  proofDepth,
  writeProof,
  writeProofWords,
} from "./merkle/flatTree.ts";
export {
  createKeccak256Stream,
  keccak256,
  keccak256Into,
  type Keccak256Stream,
} from "./merkle/keccak.ts";
export {
  compileLeafEncoder,
  type LeafEncoder,
  type LeafValue,
} from "./merkle/leafEncoding.ts";
export {
  makePayoutTree,
  type PayoutLeaf,
} from "./merkle/payoutTree.ts";
export {
  proposalFileSchema,
  type QuorumSignature,
  readProposalFile,
  readSignatureFile,
  signatureFileSchema,
  writeProposalFile,
  writeSignatureFile,
} from "./operator/epochFiles.ts";
export {
  ManifestMismatchError,
  ManifestMissingError,
  ManifestStore,
} from "./operator/manifestStore.ts";
export {
  NothingToProposeError,
  type PreparedEpoch,
  prepareEpoch,
  type PrepareEpochParameters,
} from "./operator/prepareEpoch.ts";
export {
  advanceTime,
  type EpochOperator,
  runEpoch,
  type RunEpochParameters,
  type RunEpochReturnType,
} from "./operator/runEpoch.ts";
export {
  diffProposals,
  distributorDomain,
  proposalDigest,
  ProposalMismatchError,
  recoverQuorumSigner,
  signEpoch,
} from "./operator/signing.ts";
export {
  ChallengeWindowOpenError,
  finaliseEpoch,
  type FinaliseOutcome,
  SubmissionError,
  submitEpoch,
  type SubmitOutcome,
} from "./operator/submitEpoch.ts";
export {
  type AppliedScenario,
  applyScenario,
  type ApplyScenarioParameters,
  payRevenue,
  type ScenarioChain,
  type ScenarioSender,
  summariseEpoch,
} from "./scenario/applyScenario.ts";
export {
  HARDHAT_MNEMONIC,
  scenarioAccounts,
} from "./scenario/scenarioAccounts.ts";
export {
  type AssetKindName,
  type Scenario,
  SCENARIO_FORMAT,
  type ScenarioAccount,
} from "./scenario/scenarioTypes.ts";
export {
  readScenario,
  ScenarioError,
  validateScenario,
} from "./scenario/validateScenario.ts";
export {
  CommitNotFoundError,
  CommitNotReachableError,
  GitCommandError,
  MalformedEvidenceError,
  MalformedReviewError,
  MalformedScoringConfigError,
  RepositoryNotFoundError,
  ScoreConflictError,
} from "./scoring/errors.ts";
export {
  type PutResult,
  SCORE_STORE_FORMAT,
  ScoreStore,
} from "./scoring/scoreStore.ts";
