/**
 * Every GraphQL document the web app sends to the indexer, and nothing else: `graphql()` (./indexer.ts) takes an
 * {@link IndexerQuery} only, which only this module makes. The indexer refuses a query whose cost (the most
 * values its answer can hold) or depth is over its limits before running it (indexer/src/api/queryCost.ts), and
 * indexer/test/webAppQueries.test.ts measures each document exported here against those limits and the
 * indexer's schema, so a query the indexer would refuse fails a test rather than a page.
 *
 * Rules that keep that measure true: every page size (`limit`) is a literal in the document (or absent: Ponder's
 * 50), never a variable, so the cost does not depend on what a hook passes; no `offset` (the rows it skips are read all the same):
 * lists are walked with cursors (`after`); no page nested in a page's items: a list of assets fetches their
 * revenue as a separate top-level list.
 *
 * This module imports nothing, so Node (the indexer's tests) reads it as the browser does.
 */

declare const indexerQuery: unique symbol;
/** A GraphQL document of this module. */
export type IndexerQuery = string & { readonly [indexerQuery]: true };

const gql = (document: string): IndexerQuery => document as IndexerQuery;

/** Assets per page of the asset list (Ponder's largest page). */
export const ASSET_PAGE_SIZE = 1000;
/** Revenue rows (one per asset and token) per request of the asset list. */
export const ASSET_REVENUE_PAGE_SIZE = 1000;

/** One page of the asset list, newest first; `$after` is the previous page's `endCursor`. */
export const ASSET_PAGE_QUERY = gql(`query AssetPage($after: String) {
  assets(limit: ${ASSET_PAGE_SIZE}, after: $after, orderBy: "id", orderDirection: "desc") {
    totalCount
    pageInfo { hasNextPage endCursor }
    items {
      id kind uri owner registeredAt parentIds verified
      resonance { descendants contributorCount diversityBps }
    }
  }
}`);

/** The lifetime revenue per token of the assets with ids from `$oldest` to `$newest` (one page of the list). */
export const ASSET_REVENUE_QUERY = gql(`query AssetRevenue($oldest: BigInt!, $newest: BigInt!, $after: String) {
  assetRevenues(where: { assetId_gte: $oldest, assetId_lte: $newest }, limit: ${ASSET_REVENUE_PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    items { assetId token amount }
  }
}`);

/** Attesters an asset's owner chose, per request of the asset page (an owner chooses a few). */
export const CHOSEN_ATTESTERS_PAGE_SIZE = 100;

/**
 * One asset with its authorship, the attesters its owner chose, its resonance, revenue per token and latest
 * contributions.
 */
export const ASSET_QUERY = gql(`query Asset($id: BigInt!) {
  asset(id: $id) {
    id kind uri owner registrant contentHash upstreamShareBps registeredAt registeredTx
    verified verifiedBy verifiedAt verifiedTx reclaimedFrom attestersRestricted
    attesters(where: { chosen: true }, orderBy: "updatedAt", limit: ${CHOSEN_ATTESTERS_PAGE_SIZE}) { totalCount items { attester } }
    resonance { directChildren descendants contributorCount diversityBps totalCostMicroUsd paymentCount }
    revenue { items { token paymentCount amount fee reserve pool } }
    contributions(limit: 200, orderBy: "attestedAt", orderDirection: "desc") {
      totalCount
      items { id contributorId attester laborMicroUsd toolsMicroUsd computeMicroUsd costMicroUsd evidenceUri status attestationCount revokeReason attestedAt }
    }
  }
}`);

/** Rows per list of an asset's usage (tokens, terms, runners): an asset has a handful of each. */
export const ASSET_USAGE_PAGE_SIZE = 50;

/**
 * An asset's use through the MeteringEscrow: its sums, revenue from use per token, published terms and the runners
 * allowed now with their dispute status (top-level lists, no page nested in another's items).
 */
export const ASSET_USAGE_QUERY = gql(`query AssetUsage($id: BigInt!) {
  assetUsage(id: $id) { runnerCount payerCount channelCount redemptionCount units lastRedeemedAt }
  assetUsageTokens(where: { assetId: $id }, limit: ${ASSET_USAGE_PAGE_SIZE}) {
    items { token redemptionCount units amount hostingFee payerCount }
  }
  assetTerms(where: { assetId: $id }, limit: ${ASSET_USAGE_PAGE_SIZE}) { items { token pricePerUnit freeUnitsPerPeriod } }
  assetRunners(where: { assetId: $id, allowed: true }, orderBy: "updatedBlock", limit: ${ASSET_USAGE_PAGE_SIZE}) {
    items {
      runner owner
      meteringRunner { anchorCount recordCount openDisputeCount frozenFrom barred barredFrom }
    }
  }
}`);

/** An account's contributor summary, contributions, claims and claimed totals. */
export const CONTRIBUTOR_QUERY = gql(`query Contributor($account: String!) {
  contributor(id: $account) { contributionCount activeContributionCount revokedContributionCount struckContributionCount assetCount totalCostMicroUsd }
  contributions(where: { contributorId: $account }, orderBy: "attestedAt", orderDirection: "desc", limit: 500) {
    items { id assetId laborMicroUsd toolsMicroUsd computeMicroUsd costMicroUsd evidenceUri status attestationCount revokeReason attestedAt }
  }
  claims(where: { account: $account }, orderBy: "timestamp", orderDirection: "desc", limit: 200) {
    items { id token recipient amount epochNumber timestamp txHash }
  }
  claimTotals(where: { account: $account }) { items { token claimed } }
}`);

/** The GraphQL selection of an epoch row (parsed by ./epochs.ts). */
const EPOCH_FIELDS =
  "id status proposalHash fromBlock toBlock payoutRoot scoresRoot manifestHash tokens totals signers challengeDeadline proposedAt proposedTx finalisedAt finalisedTx vetoedAt vetoReason expiredAt expiredTx revokedAt revokedTx revokeReason restoredEpoch disputeCount disputeStatus";

/** The GraphQL selection of a dispute row (parsed by ./epochs.ts). */
const DISPUTE_FIELDS =
  "id epochId status disputer token bond reason disputedAt disputedTx resolvedBy reward resolutionReason resolvedAt resolvedTx";

/** The latest epoch proposals, newest first, and the latest disputes (a list of their own, not a page per epoch). */
export const EPOCHS_QUERY = gql(`query Epochs {
  epochs(orderBy: "id", orderDirection: "desc", limit: 200) { totalCount items { ${EPOCH_FIELDS} } }
  disputes(orderBy: "disputedAt", orderDirection: "desc", limit: 200) { items { ${DISPUTE_FIELDS} } }
}`);

/** One epoch by number, with its disputes (a rejected one leaves the proposal open to another). */
export const EPOCH_QUERY = gql(`query Epoch($id: BigInt!) {
  epoch(id: $id) { ${EPOCH_FIELDS} }
  disputes(where: { epochId: $id }, orderBy: "disputedAt", limit: 20) { items { ${DISPUTE_FIELDS} } }
}`);

/** The lineage edges one level up from `$up` and down from `$down`, both at once. */
export const LINEAGE_EDGES_QUERY =
  gql(`query Edges($up: [BigInt!], $down: [BigInt!], $withUp: Boolean!, $withDown: Boolean!) {
  up: lineageEdges(where: { childId_in: $up }, limit: 1000) @include(if: $withUp) { items { childId parentId weightBps } }
  down: lineageEdges(where: { parentId_in: $down }, limit: 1000) @include(if: $withDown) { items { childId parentId weightBps } }
}`);

/** The kind and URI of the assets `$ids` (the lineage graph's nodes, the names of asset links). */
export const ASSET_NODES_QUERY = gql(
  `query Nodes($ids: [BigInt!]) { assets(where: { id_in: $ids }, limit: 1000) { items { id kind uri } } }`,
);

/** The active forge links of some addresses (lower-case): every address on a page, in one request. */
export const FORGE_NAMES_QUERY = gql(
  `query ForgeNames($accounts: [String]) { forgeLinks(where: { active: true, account_in: $accounts }, limit: 1000) { items { account forge login } } }`,
);

/**
 * Every forge link of one address, active and ended, newest first. One page: an address gets a link only by signing
 * a statement with a fresh nonce, so a thousand would take a thousand signatures.
 */
export const FORGE_LINKS_QUERY = gql(
  `query ForgeLinks($account: String) { forgeLinks(where: { account: $account }, orderBy: "linkedBlock", orderDirection: "desc", limit: 1000) { items { id forge forgeAccountId login account nonce signature linker active linkedAt linkedTx unlinkCause unlinkedBy unlinkedAt unlinkedTx } } }`,
);

/** Timelock operations per list of the Governance page: every one still waiting, and the latest done. */
export const GOVERNANCE_PAGE_SIZE = 200;
/** Calls (of those operations) per request. */
export const GOVERNANCE_CALL_PAGE_SIZE = 1000;

/** The GraphQL selection of a timelock operation (parsed by ./governance.ts). */
const OPERATION_FIELDS =
  "id status callCount predecessor salt delay readyAt scheduledBy scheduledAt scheduledTx executedBy executedAt executedTx cancelledBy cancelledAt cancelledTx";

/**
 * The Governance page: the timelock operations still waiting (soonest ready first), the latest executed or
 * cancelled ones, the delay, and who holds the governance roles (the timelock's governors, cancellers and
 * executors, the distributor's guardians). The operations' calls come from {@link GOVERNANCE_CALLS_QUERY}.
 */
export const GOVERNANCE_QUERY = gql(`query Governance {
  waiting: governanceOperations(where: { status: scheduled }, orderBy: "readyAt", orderDirection: "asc", limit: ${GOVERNANCE_PAGE_SIZE}) {
    totalCount
    items { ${OPERATION_FIELDS} }
  }
  done: governanceOperations(where: { status_not: scheduled }, orderBy: "scheduledAt", orderDirection: "desc", limit: ${GOVERNANCE_PAGE_SIZE}) {
    totalCount
    items { ${OPERATION_FIELDS} }
  }
  networkTotal(id: "network") { governanceDelay }
  roleMembers(where: { active: true, roleName_in: ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE", "GUARDIAN_ROLE", "LINKER_ROLE"] }, limit: 200) {
    items { contract roleName account }
  }
}`);

/** The calls of the timelock operations `$ids`, decoded by the indexer; `$after` is the previous page's `endCursor`. */
export const GOVERNANCE_CALLS_QUERY = gql(`query GovernanceCalls($ids: [String!], $after: String) {
  governanceCalls(where: { governanceOperationId_in: $ids }, orderBy: "id", limit: ${GOVERNANCE_CALL_PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    items { governanceOperationId index target targetName value data functionName signature argNames argTypes argValues }
  }
}`);

/** Rows per request of the My assets page's lists (walked with cursors). */
export const OWNED_PAGE_SIZE = 1000;

/** The assets `$owner` (lower case) owns now, oldest first. */
export const OWNED_ASSETS_QUERY = gql(`query OwnedAssets($owner: String!, $after: String) {
  assets(where: { owner: $owner }, orderBy: "id", limit: ${OWNED_PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    items { id kind uri upstreamShareBps verified attestersRestricted }
  }
}`);

/** The revenue per token of the assets `$ids`. */
export const OWNED_REVENUE_QUERY = gql(`query OwnedRevenue($ids: [BigInt!], $after: String) {
  assetRevenues(where: { assetId_in: $ids }, limit: ${OWNED_PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    items { assetId token paymentCount amount fee reserve pool }
  }
}`);

/** The contributors of the assets `$ids`: their attested (neither revoked nor struck) contributions and cost. */
export const OWNED_CONTRIBUTORS_QUERY = gql(`query OwnedContributors($ids: [BigInt!], $after: String) {
  assetContributors(where: { assetId_in: $ids }, limit: ${OWNED_PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    items { assetId contributorId contributionCount costMicroUsd }
  }
}`);

/** The attesters the owner chose for the assets `$ids`. */
export const OWNED_ATTESTERS_QUERY = gql(`query OwnedAttesters($ids: [BigInt!], $after: String) {
  assetAttesters(where: { assetId_in: $ids, chosen: true }, limit: ${OWNED_PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    items { assetId attester }
  }
}`);

/** The parents of the assets `$ids`, with the weight of each edge. */
export const OWNED_PARENTS_QUERY = gql(`query OwnedParents($ids: [BigInt!], $after: String) {
  lineageEdges(where: { childId_in: $ids }, limit: ${OWNED_PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    items { childId parentId weightBps }
  }
}`);
