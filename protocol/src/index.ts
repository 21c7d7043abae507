/**
 * @coherence/protocol: the protocol's facts for every package, browser-safe (no Node built-in is imported).
 * Node-only readers of files are in `@coherence/protocol/node`.
 */
export {
  aggregatorV3InterfaceAbi,
  assetRegistryAbi,
  coherenceTimelockAbi,
  contributionLedgerAbi,
  demoPermitTokenAbi,
  demoPriceFeedAbi,
  demoTokenAbi,
  forgeLinkRegistryAbi,
  meteringEscrowAbi,
  payoutDistributorAbi,
  poolVaultAbi,
  revenueRouterAbi,
} from "./abis.ts";
export {
  type AccountHistoryResponse,
  accountHistoryResponseSchema,
  type HistoryEpoch,
} from "./accountHistory.ts";
export {
  BUNDLE_CONTENT_FORMAT,
  type BundleFile,
  bundleContentHash,
  bundleFileSchema,
  sortBundleFiles,
} from "./bundle/bundleContentHash.ts";
export {
  BUNDLE_MANIFEST_FILE,
  BUNDLE_MANIFEST_FORMAT,
  type BundleContent,
  type BundleManifest,
  type BundleParent,
  type BundleRun,
  bundleManifestSchema,
  bundleParentSchema,
  bundleRunSchema,
  NPM_PACKAGE_NAME,
} from "./bundle/bundleManifest.ts";
export { compileGlob, type Glob, globProblem, relativePathProblem } from "./bundle/bundlePaths.ts";
export { selectBundlePaths } from "./bundle/selectBundlePaths.ts";
export {
  chainName,
  NETWORKS,
  networkOf,
  type ProtocolNetwork,
} from "./chains.ts";
export {
  type ClaimHistoryEpoch,
  type ClaimHistoryPage,
  type ClaimHistoryPayout,
  claimHistoryPageSchema,
} from "./claimHistory.ts";
export {
  type ClaimLeaf,
  type ClaimsResponse,
  claimLeafSchema,
  claimsResponseSchema,
} from "./claims.ts";
export {
  ASSET_KINDS,
  type AssetKind,
  ATTESTER_STATUSES,
  type AttesterStatus,
  BPS,
  CONTRIBUTION_STATUSES,
  type ContributionStatus,
  MAX_ADMIN_DELAY,
  MAX_CHALLENGE_PERIOD,
  MAX_FEE_BPS,
  MAX_PARENTS,
  MIN_CHALLENGE_PERIOD,
} from "./constants.ts";
export { type CostFinding, checkCostReport } from "./costs/checkCostReport.ts";
export { type BoundEvidence, boundEvidence, COST_REPORT_PARAMETER, withCostReport } from "./costs/costEvidence.ts";
export {
  SUBSCRIPTIONS_FORMAT,
  type Subscription,
  type Subscriptions,
  subscriptionSchema,
  subscriptionsSchema,
  TIME_ENTRIES_FORMAT,
  type TimeEntries,
  type TimeEntry,
  timeEntriesSchema,
  timeEntrySchema,
} from "./costs/costInputs.ts";
export {
  ciLine,
  laborLine,
  machineLine,
  secondsBetween,
  subscriptionLine,
  type TokenPrices,
  usageLine,
} from "./costs/costLines.ts";
export {
  type CiLine,
  COST_REPORT_FORMAT,
  type ComputeLine,
  type CostReport,
  ciLineSchema,
  computeLineSchema,
  costReportHash,
  costReportSchema,
  type LaborLine,
  laborLineSchema,
  type MachineLine,
  machineLineSchema,
  type SubscriptionLine,
  subscriptionLineSchema,
  type UsageLine,
  usageLineSchema,
} from "./costs/costReport.ts";
export { type LaborOverlap, laborOverlaps } from "./costs/laborOverlaps.ts";
export { MACHINE_PROFILE_FORMAT, type MachineProfile, machineProfileSchema } from "./costs/machineProfile.ts";
export {
  floorMicroUsd,
  microUsdSchema,
  SECONDS_IN_MONTH,
  SECONDS_PER_HOUR,
  sumMicroUsd,
  TOKENS_PER_PRICE_UNIT,
  WATT_SECONDS_PER_KWH,
} from "./costs/microUsd.ts";
export { type ComputeInput, type CostReportInputs, priceCostReport } from "./costs/priceCostReport.ts";
export {
  findModelPrice,
  type ModelPrice,
  modelPriceSchema,
  PRICE_TABLE_FORMAT,
  type PriceTable,
  priceTableHash,
  priceTableSchema,
} from "./costs/priceTable.ts";
export {
  type Plausibility,
  plausibilitySchema,
  RATE_CARD_FORMAT,
  type RateCard,
  ROLE_PATTERN,
  type RoleRate,
  rateCardHash,
  rateCardSchema,
  roleRateSchema,
} from "./costs/rateCard.ts";
export { missingModelProblem, overlapProblem, roleRateProblem } from "./costs/rateProblems.ts";
export { instantSchema, type ToolUsage, toolUsageSchema } from "./costs/toolUsage.ts";
export {
  CONTRACT_NAMES,
  type ContractName,
  DEPLOYMENT_FORMAT,
  type DeployedContract,
  type DeployedToken,
  type Deployment,
  type DeploymentParameters,
  deployedContractSchema,
  deployedTokenSchema,
  deploymentParametersSchema,
  deploymentSchema,
  parseDeployment,
} from "./deployment.ts";
export {
  BaseError,
  type BaseErrorParameters,
  InvalidArgumentError,
  InvariantError,
  invariant,
  MalformedFieldError,
  UnsupportedFormatError,
  validateArgument,
} from "./errors.ts";
export { type ForgeKind, HOSTED_FORGES, selfManagedHost } from "./forgeHosts.ts";
export { executeArgs, scheduleArgs, type TimelockCall, timelockOperationId } from "./governance.ts";
export {
  bytesToHex,
  describe,
  type Hex,
  hexInto,
  hexToBytes,
} from "./hex.ts";
export { type IndexerClient, IndexerError, indexerClient } from "./indexerClient.ts";
export { jsonSchemaTexts } from "./jsonSchemas.ts";
export {
  canonicalHash,
  canonicalJson,
  isCanonicalText,
} from "./manifest/canonicalJson.ts";
export { chunkTreeFold, chunkTreeProofs, chunkTreeRoot, type Keccak256 } from "./manifest/chunkTree.ts";
export {
  type DecodeManifestParameters,
  type DecodeManifestReturnType,
  decodeManifest,
  type ElementSection,
  type IncrementalKeccak,
  type ManifestElements,
  type ManifestVisitor,
  SECTION_SCHEMAS,
  type StreamManifestReturnType,
  streamManifest,
  type TreeSection,
} from "./manifest/decodeManifest.ts";
export {
  type Address,
  type AssetFlow,
  assetFlowSchema,
  assetSchema,
  type Bytes32,
  COST_EFFECTS,
  COST_OUTCOMES,
  type CostCheck,
  type CostEffect,
  type CostOutcome,
  type CostParts,
  type CostPolicy,
  type CumulativeTotal,
  configSchema,
  contributionSchema,
  costCheckSchema,
  costFindingSchema,
  costPartsSchema,
  costPolicySchema,
  cumulativeTotalSchema,
  type EpochAsset,
  type EpochConfig,
  type EpochContribution,
  type EpochLeaf,
  type EpochScore,
  headerSchema,
  isChunkCommitted,
  type LeafSource,
  leafSchema,
  leafSourceSchema,
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_V1,
  MANIFEST_FORMAT_V2,
  MANIFEST_FORMATS,
  type Manifest,
  type ManifestConfig,
  type ManifestCostFinding,
  type ManifestEpoch,
  type ManifestFormat,
  type ManifestHeader,
  type ManifestLeaf,
  type ManifestScore,
  type ManifestScoreEntry,
  type ManifestTree,
  type MultiplierCurve,
  manifestEpochSchema,
  multiplierCurveSchema,
  type ParentEdge,
  type PoolRevenue,
  parentEdgeSchema,
  poolRevenueSchema,
  type StoredLeafSource,
  scoreSchema,
  type TokenTotal,
  tokenTotalSchema,
  type WeightedContribution,
} from "./manifest/elements.ts";
export {
  encodeHeader,
  manifestLines,
} from "./manifest/encodeManifest.ts";
export {
  CLOSING,
  HEADER_SUFFIX,
  type ManifestSection,
  PAYOUT_LEAF_ENCODING,
  SCORE_LEAF_ENCODING,
  SECTIONS,
} from "./manifest/layout.ts";
export {
  CHUNK_BYTES,
  type ChunkedManifest,
  type ChunkedSection,
  chunkText,
  headerChunkText,
  type ManifestChunk,
  ManifestChunker,
} from "./manifest/manifestChunks.ts";
export {
  encodeSlice,
  SLICE_FORMAT,
  type SliceChunk,
  SliceError,
  type SliceErrorCode,
  type SliceParts,
  type VerifiedSlice,
  verifySlice,
} from "./manifest/manifestSlice.ts";
export {
  type CitationLookup,
  type CitedElements,
  collectCitations,
  EXPLANATION_DEPTH,
  SECTION_KEYS,
  type SliceSection,
} from "./manifest/sliceCitations.ts";
export {
  hashPair,
  type LeafVerification,
  type PayoutLeafProof,
  type ProofStep,
  payoutLeafHash,
  verifyPayoutLeaf,
} from "./merkleProof.ts";
export {
  DEFAULT_HOSTING_FEE_BPS,
  MAX_HOSTING_FEE_BPS,
  MAX_WITHDRAWAL_DELAY,
  MIN_WITHDRAWAL_DELAY,
} from "./metering/constants.ts";
export { RECORD_LEAF_ENCODING, recordLeafHash, recordLeafValues, verifyRecordProof } from "./metering/recordLeaf.ts";
export {
  type MeteringStatement,
  meteringDigest,
  signerOf,
  signMetering,
  verifyMetering,
} from "./metering/signatures.ts";
export {
  METERING_DOMAIN,
  type MeteringEscrowRef,
  RECORD_OF_RUN_TYPES,
  type RecordOfRun,
  recordOfRunTypedData,
  SESSION_TYPES,
  type Session,
  sessionTypedData,
  VOUCHER_TYPES,
  type Voucher,
  voucherTypedData,
} from "./metering/typedData.ts";
export { ROLE_NAMES, roleNameOf } from "./roles.ts";
export {
  address,
  array,
  boolean,
  byType,
  bytes32,
  type DecodeContext,
  decimal,
  documented,
  type FieldErrorClass,
  fail,
  fieldName,
  firstRepeat,
  type Infer,
  integer,
  integerText,
  type JsonSchema,
  type JsonType,
  type JsonValue,
  json,
  jsonText,
  literal,
  MAX_UINT64,
  MAX_UINT256,
  nullable,
  type ObjectOf,
  type ObjectSchema,
  object,
  oneOf,
  optional,
  parse,
  parseJson,
  record,
  refine,
  reportedAs,
  type Schema,
  string,
  transform,
  url,
  variant,
} from "./schema.ts";
export {
  ATTEST_CONTRIBUTIONS_TYPES,
  AUTHORSHIP_TYPES,
  CLAIM_TYPES,
  DISTRIBUTOR_DOMAIN,
  EPOCH_PROPOSAL_TYPES,
  type EpochProposal,
  FORGE_LINK_REGISTRY_DOMAIN,
  FORGE_LINK_TYPES,
  type ForgeLinkStatement,
  forgeLinkTypedData,
  heldContributionsHash,
  INTAKE_APPROVAL_TYPES,
  INTAKE_DOMAIN,
  type IntakeApproval,
  intakeApprovalTypedData,
  LEDGER_DOMAIN,
  PERMIT_TYPES,
  REGISTRY_DOMAIN,
  REPOSITORY_OPT_IN_TYPES,
} from "./typedData.ts";
