/**
 * The reference model: what every table should hold, recomputed from scratch from the protocol events the test
 * saw in its receipts. It is deliberately naive (full recomputation, descendants by graph search, diversity
 * from all active contributions) so it checks the indexer's incremental bookkeeping independently.
 *
 * Rows are in GraphQL form: bigints as decimal strings, addresses lower-case.
 */

import { ASSET_KINDS, roleNameOf } from "@coherence/protocol";
import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  decodeFunctionData,
  keccak256,
  stringToHex,
  zeroAddress,
  zeroHash,
} from "viem";

import { ABIS, type ProtocolContract, type RecordedEvent } from "./protocol.ts";

export type Row = Record<string, unknown>;
/** A table's expected rows, and how to compare: by `id`, or (log tables, whose ids are Ponder's) by a sort key. */
export type ExpectedTable = { fields: string[]; rows: Row[]; key: (row: Row) => string };

const ATTESTER_ROLE = keccak256(stringToHex("ATTESTER_ROLE"));
const s = (v: bigint | number) => v.toString();
const lower = (v: string) => v.toLowerCase();
const byId = (row: Row) => String(row.id);

/** `floor(10000 * (1 - sum(c_i^2) / (sum c_i)^2))` over per-contributor costs. */
export function expectedDiversityBps(costs: readonly bigint[]): number {
  const total = costs.reduce((a, b) => a + b, 0n);
  if (total === 0n) return 0;
  const squares = costs.reduce((a, c) => a + c * c, 0n);
  return Number((10_000n * (total * total - squares)) / (total * total));
}

/** A decoded argument as the indexer writes it: scalars as text, lists and tuples as JSON with text scalars. */
function argText(value: unknown): string {
  if (typeof value !== "object" || value === null)
    return /^0x/.test(String(value)) ? String(value).toLowerCase() : String(value);
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "object" && v !== null ? v : typeof v === "string" && /^0x/.test(v) ? v.toLowerCase() : String(v),
  );
}

/** A parameter's type as a function signature spells it: a tuple as its components' types in parentheses. */
function canonicalType(p: AbiParameter): string {
  if (!p.type.startsWith("tuple")) return p.type;
  const components = (p as { components: readonly AbiParameter[] }).components;
  return `(${components.map(canonicalType).join(",")})${p.type.slice("tuple".length)}`;
}

/** What the timelock call of `data` to `target` does, decoded with the ABI of the protocol contract there. */
function governedCall(contract: ProtocolContract | undefined, data: string): Row {
  const raw = { functionName: null, signature: null, argNames: [], argTypes: [], argValues: [] };
  if (contract === undefined) return raw;
  const abi = ABIS[contract] as Abi;
  try {
    const { functionName, args = [] } = decodeFunctionData({ abi, data: data as `0x${string}` });
    const fn = abi.find(
      (item) => item.type === "function" && item.name === functionName && item.inputs.length === args.length,
    ) as AbiFunction;
    return {
      functionName,
      signature: `${functionName}(${fn.inputs.map(canonicalType).join(",")})`,
      argNames: fn.inputs.map((i) => i.name ?? ""),
      argTypes: fn.inputs.map((i) => i.type),
      argValues: args.map(argText),
    };
  } catch {
    return raw;
  }
}

/**
 * Builds every table's expected rows from the recorded events (in chain order); `contracts` names the protocol
 * contracts by lower-case address (the targets of timelock calls).
 */
export function referenceModel(
  events: readonly RecordedEvent[],
  contracts: ReadonlyMap<string, ProtocolContract>,
): Record<string, ExpectedTable> {
  const assets = new Map<bigint, Row & { parents: { id: bigint; weight: number }[] }>();
  const transfers: Row[] = [];
  const operatorApprovals = new Map<string, Row>();
  const assetAttesters = new Map<string, Row>();
  // A contribution's latest attestation (`at`) supersedes a revoked one; `firstAt` is its first.
  const contributions = new Map<
    string,
    {
      row: Row;
      assetId: bigint;
      contributor: string;
      labor: bigint;
      tools: bigint;
      compute: bigint;
      firstAt: bigint;
      at: bigint;
    }
  >();
  const payments: Row[] = [];
  const fundings: Row[] = [];
  const epochs: Row[] = [];
  const epochTokenTotals: Row[] = [];
  const disputes: Row[] = [];
  const claims: Row[] = [];
  const oracles = new Map<string, Row>();
  const parameters = new Map<string, string>();
  const roles = new Map<string, Row>();
  const operations = new Map<string, Row>();
  const calls = new Map<string, Row>();
  const network = {
    pending: null as Row | null,
    latestFinalised: 0n,
    proposals: 0,
    vetoed: 0,
    finalised: 0,
    expired: 0,
    revokedEpochs: 0,
    paused: false,
    governanceDelay: 0n,
    disputes: 0,
    upheld: 0,
    rejected: 0,
    terms: { disputeToken: null, disputeBond: "0", disputeReward: "0", disputeTreasury: null } as Row,
  };
  const allocated = new Map<string, bigint>();
  const funded = new Map<string, bigint>();
  const allowed = new Map<string, boolean>();

  for (const e of events) {
    // Every event name but the access-control ones belongs to one contract: the name picks the case, and types `a`.
    const { eventName, args: a } = e;
    const param = (name: string, value: string) => parameters.set(`${e.contract}:${name}`, value.toLowerCase());
    switch (eventName) {
      case "AssetRegistered":
        assets.set(a.assetId, {
          id: s(a.assetId),
          owner: lower(a.owner),
          registrant: lower(a.owner),
          contentHash: a.contentHash,
          kind: ASSET_KINDS[a.kind],
          uri: a.uri,
          upstreamShareBps: a.upstreamShareBps,
          parentIds: a.parents.map(s),
          approved: null,
          registeredBlock: s(e.blockNumber),
          registeredTx: e.transactionHash,
          verified: false,
          verifiedBy: null,
          verifiedTx: null,
          reclaimedFrom: null,
          attestersRestricted: false,
          rateCardHash: null,
          parents: a.parents.map((id: bigint, i: number) => ({ id, weight: a.parentWeightsBps[i]! })),
        });
        break;
      case "AssetURIUpdated":
        assets.get(a.assetId)!.uri = a.uri;
        break;
      case "AttestersRestricted":
        assets.get(a.assetId)!.attestersRestricted = a.restricted;
        break;
      case "RateCardSet":
        assets.get(a.assetId)!.rateCardHash = a.rateCardHash === zeroHash ? null : a.rateCardHash;
        break;
      case "AttesterChosen": {
        const id = `${a.assetId}-${lower(a.attester)}`;
        assetAttesters.set(id, { id, assetId: s(a.assetId), attester: lower(a.attester), chosen: a.chosen });
        break;
      }
      case "AuthorshipVerified":
        Object.assign(assets.get(a.assetId)!, {
          verified: true,
          verifiedBy: lower(a.verifier),
          verifiedTx: e.transactionHash,
          reclaimedFrom: lower(a.previousOwner) === lower(a.author) ? null : lower(a.previousOwner),
        });
        break;
      case "LineageReset":
        // The reclaim's Transfer, next, moves the owner; the previous owner's attester choices lapse.
        Object.assign(assets.get(a.assetId)!, {
          upstreamShareBps: a.upstreamShareBps,
          parentIds: a.parents.map(s),
          attestersRestricted: false,
          parents: a.parents.map((id: bigint, i: number) => ({ id, weight: a.parentWeightsBps[i]! })),
        });
        for (const [id, row] of assetAttesters) if (row.assetId === s(a.assetId)) assetAttesters.delete(id);
        break;
      case "Transfer":
        transfers.push({ assetId: s(a.tokenId), from: lower(a.from), to: lower(a.to), txHash: e.transactionHash });
        if (a.from !== zeroAddress) Object.assign(assets.get(a.tokenId)!, { owner: lower(a.to), approved: null });
        break;
      case "Approval":
        assets.get(a.tokenId)!.approved = a.approved === zeroAddress ? null : lower(a.approved);
        break;
      case "ApprovalForAll":
        operatorApprovals.set(`${lower(a.owner)}-${lower(a.operator)}`, {
          id: `${lower(a.owner)}-${lower(a.operator)}`,
          owner: lower(a.owner),
          operator: lower(a.operator),
          approved: a.approved,
        });
        break;
      case "ContributionAttested": {
        // The scenario calls the ledger directly, so the method is the function it called.
        const method = e.call?.functionName ?? "other";
        const superseded = contributions.get(a.id);
        contributions.set(a.id, {
          row: {
            id: a.id,
            assetId: s(a.assetId),
            contributorId: lower(a.contributor),
            attester: lower(a.attester),
            laborMicroUsd: s(a.laborMicroUsd),
            toolsMicroUsd: s(a.toolsMicroUsd),
            computeMicroUsd: s(a.computeMicroUsd),
            costMicroUsd: s(a.laborMicroUsd + a.toolsMicroUsd + a.computeMicroUsd),
            evidenceHash: a.evidenceHash,
            evidenceUri: a.evidenceUri,
            method,
            status: "attested",
            attestationCount: ((superseded?.row.attestationCount as number | undefined) ?? 0) + 1,
            attestedTx: e.transactionHash,
            revokedBy: null,
            revokeReason: null,
          },
          assetId: a.assetId,
          contributor: lower(a.contributor),
          labor: a.laborMicroUsd,
          tools: a.toolsMicroUsd,
          compute: a.computeMicroUsd,
          firstAt: superseded?.firstAt ?? e.blockTimestamp,
          at: e.blockTimestamp,
        });
        break;
      }
      case "ContributionRevoked": {
        // Its attester (still one) revokes it; anyone else allowed to is governance, which strikes it, revoked or not.
        const c = contributions.get(a.id)!;
        const byItsAttester =
          c.row.status === "attested" &&
          lower(a.revoker) === c.row.attester &&
          roles.get(`ContributionLedger:${ATTESTER_ROLE}:${lower(a.revoker)}`)?.active === true;
        Object.assign(c.row, {
          status: byItsAttester ? "revoked" : "struck",
          revokedBy: lower(a.revoker),
          revokeReason: a.reason,
        });
        break;
      }
      case "RevenuePaid":
        payments.push({
          assetId: s(a.assetId),
          token: lower(a.token),
          payer: lower(a.payer),
          amount: s(a.amount),
          fee: s(a.fee),
          reserve: s(a.reserve),
          pool: s(a.pool),
          blockNumber: s(e.blockNumber),
          txHash: e.transactionHash,
        });
        break;
      case "SplitSet":
        param("feeBps", s(a.feeBps));
        param("poolBps", s(a.poolBps));
        break;
      case "TreasurySet":
        param("treasury", a.treasury);
        break;
      case "ReserveSet":
        param("reserve", a.reserve);
        break;
      case "Funded":
        fundings.push({
          token: lower(a.token),
          funder: lower(a.funder),
          amount: s(a.amount),
          totalFunded: s(a.totalFunded),
          txHash: e.transactionHash,
        });
        funded.set(lower(a.token), a.totalFunded);
        break;
      case "EpochProposed": {
        const id = s(a.proposal.epoch);
        const row: Row = {
          id,
          proposalHash: a.proposalHash,
          status: "proposed",
          fromBlock: s(a.proposal.fromBlock),
          toBlock: s(a.proposal.toBlock),
          payoutRoot: a.proposal.payoutRoot,
          scoresRoot: a.proposal.scoresRoot,
          manifestHash: a.proposal.manifestHash,
          tokens: a.proposal.tokens.map(lower),
          totals: a.proposal.totals.map(s),
          signers: a.signers.map(lower),
          challengeDeadline: s(a.challengeDeadline),
          proposer: e.from,
          vetoedBy: null,
          vetoReason: null,
          finalisedBy: null,
          expiredBy: null,
          revokeReason: null,
          restoredEpoch: null,
          disputeCount: 0,
          disputeStatus: null,
        };
        epochs.push(row);
        a.proposal.tokens.forEach((token: string, i: number) => {
          epochTokenTotals.push({
            id: `${id}-${lower(token)}`,
            epochId: id,
            token: lower(token),
            total: s(a.proposal.totals[i]!),
          });
        });
        for (const signer of a.signers) {
          const o = oracles.get(lower(signer))!;
          o.signedProposalCount = (o.signedProposalCount as number) + 1;
        }
        Object.assign(network, { pending: row, proposals: network.proposals + 1 });
        break;
      }
      case "EpochVetoed":
        Object.assign(network.pending!, { status: "vetoed", vetoedBy: lower(a.guardian), vetoReason: a.reason });
        network.pending = null;
        network.vetoed++;
        break;
      case "EpochDisputed": {
        const row = network.pending!;
        row.disputeCount = (row.disputeCount as number) + 1;
        row.disputeStatus = "open";
        disputes.push({
          id: `${row.id}-${row.disputeCount}`,
          epochId: row.id,
          proposalHash: a.proposalHash,
          status: "open",
          disputer: lower(a.disputer),
          token: lower(a.token),
          bond: s(a.bond),
          reason: a.reason,
          disputedTx: e.transactionHash,
          resolvedBy: null,
          reward: null,
          resolutionReason: null,
          resolvedTx: null,
        });
        network.disputes++;
        break;
      }
      case "DisputeResolved": {
        // An upheld dispute's EpochVetoed came just before and cleared the pending proposal: find it by number.
        const status = a.upheld ? "upheld" : "rejected";
        epochs.find((r) => r.id === s(a.epoch))!.disputeStatus = status;
        Object.assign(disputes.findLast((d) => d.epochId === s(a.epoch))!, {
          status,
          resolvedBy: lower(a.resolver),
          reward: s(a.reward),
          resolutionReason: a.reason,
          resolvedTx: e.transactionHash,
        });
        if (a.upheld) network.upheld++;
        else network.rejected++;
        break;
      }
      case "DisputeTermsSet":
        network.terms = {
          disputeToken: lower(a.token),
          disputeBond: s(a.bond),
          disputeReward: s(a.reward),
          disputeTreasury: lower(a.treasury),
        };
        for (const [name, value] of Object.entries(network.terms)) param(name, value as string);
        break;
      case "EpochFinalised": {
        const row = network.pending!;
        Object.assign(row, { status: "finalised", finalisedBy: e.from });
        (row.tokens as string[]).forEach((token, i) => {
          allocated.set(token, BigInt((row.totals as string[])[i]!));
        });
        network.latestFinalised = BigInt(row.id as string);
        network.finalised++;
        network.pending = null;
        break;
      }
      case "EpochExpired":
        Object.assign(network.pending!, { status: "expired", expiredBy: e.from });
        network.pending = null;
        network.expired++;
        break;
      case "FinalisedRootRevoked":
        for (const row of epochs) {
          if (row.status !== "finalised" || BigInt(row.id as string) <= a.restoredEpoch) continue;
          Object.assign(row, { status: "revoked", revokeReason: a.reason, restoredEpoch: s(a.restoredEpoch) });
          network.finalised--;
          network.revokedEpochs++;
        }
        network.latestFinalised = a.restoredEpoch;
        break;
      case "TokenAllowedSet":
        allowed.set(lower(a.token), a.allowed);
        param(`tokenAllowed:${lower(a.token)}`, String(a.allowed));
        break;
      // The timelock: operations (a batch's calls share one) and the delay.
      case "CallScheduled": {
        const id = a.id as string;
        if (a.index === 0n)
          // Scheduling again an id that was cancelled starts it afresh.
          operations.set(id, {
            id,
            status: "scheduled",
            callCount: 1,
            predecessor: a.predecessor,
            salt: zeroHash,
            delay: s(a.delay),
            readyAt: s(e.blockTimestamp + a.delay),
            scheduledBy: e.from,
            scheduledAt: s(e.blockTimestamp),
            scheduledTx: e.transactionHash,
            executedBy: null,
            executedTx: null,
            cancelledBy: null,
            cancelledTx: null,
          });
        else operations.get(id)!.callCount = (operations.get(id)!.callCount as number) + 1;
        calls.set(`${id}-${a.index}`, {
          id: `${id}-${a.index}`,
          governanceOperationId: id,
          index: Number(a.index),
          target: lower(a.target),
          targetName: contracts.get(lower(a.target)) ?? null,
          value: s(a.value),
          data: lower(a.data),
          ...governedCall(contracts.get(lower(a.target)), a.data),
        });
        break;
      }
      case "CallSalt":
        operations.get(a.id)!.salt = a.salt;
        break;
      case "CallExecuted":
      case "Cancelled": {
        // A batch's calls all execute in one transaction: its first settles the operation.
        if ("index" in a && a.index !== 0n) break;
        const status = eventName === "Cancelled" ? "cancelled" : "executed";
        Object.assign(operations.get(a.id)!, { status, [`${status}By`]: e.from, [`${status}Tx`]: e.transactionHash });
        break;
      }
      case "MinDelayChange":
        param("minDelay", s(a.newDuration));
        network.governanceDelay = a.newDuration;
        break;
      case "Claimed":
      case "ClaimedTo":
        claims.push({
          kind: eventName === "Claimed" ? "claim" : "claimTo",
          account: lower(a.account),
          token: lower(a.token),
          recipient: lower("recipient" in a ? a.recipient : a.account),
          amount: s(a.amount),
          epochNumber: s(network.latestFinalised),
          txHash: e.transactionHash,
        });
        break;
      case "OracleSet": {
        const id = lower(a.oracle);
        oracles.set(id, {
          id,
          enabled: a.enabled,
          signedProposalCount: (oracles.get(id)?.signedProposalCount as number | undefined) ?? 0,
        });
        param(`oracle:${id}`, String(a.enabled));
        break;
      }
      case "ThresholdSet":
        param("threshold", s(a.threshold));
        break;
      case "ChallengePeriodSet":
        param("challengePeriod", s(a.challengePeriod));
        break;
      case "PausedSet":
        param("paused", String(a.paused));
        network.paused = a.paused;
        break;
      // The access-control events of the registry, the ledger, the distributor, the router and the timelock.
      case "RoleGranted":
      case "RoleRevoked": {
        const id = `${e.contract}:${a.role}:${lower(a.account)}`;
        const active = eventName === "RoleGranted";
        roles.set(id, { id, roleName: roleNameOf(a.role), account: lower(a.account), active });
        // A single default admin (AccessControlDefaultAdminRules) is a parameter; the timelock's are members only.
        if (a.role === zeroHash && e.contract !== "CoherenceTimelock")
          param("defaultAdmin", active ? a.account : zeroAddress);
        break;
      }
      case "DefaultAdminTransferScheduled":
        param("pendingDefaultAdmin", a.newAdmin);
        param("pendingDefaultAdminSchedule", s(a.acceptSchedule));
        break;
      case "DefaultAdminTransferCanceled":
        param("pendingDefaultAdmin", zeroAddress);
        param("pendingDefaultAdminSchedule", "0");
        break;
      case "DefaultAdminDelayChangeScheduled":
        param("pendingDefaultAdminDelay", s(a.newDelay));
        param("pendingDefaultAdminDelaySchedule", s(a.effectSchedule));
        break;
      case "DefaultAdminDelayChangeCanceled":
        param("pendingDefaultAdminDelay", "0");
        param("pendingDefaultAdminDelaySchedule", "0");
        break;
      default:
        throw new Error(`the reference model does not know ${e.contract}:${eventName}`);
    }
  }

  // Derived tables.
  const children = new Map<bigint, bigint[]>();
  for (const [id, asset] of assets)
    for (const p of asset.parents) children.set(p.id, [...(children.get(p.id) ?? []), id]);
  const descendantsOf = (id: bigint): number => {
    const seen = new Set<bigint>();
    const stack = [...(children.get(id) ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(children.get(next) ?? []));
    }
    return seen.size;
  };

  const shares = new Map<string, { assetId: bigint; contributor: string; count: number; cost: bigint }>();
  const contributorRows = new Map<string, Row & { assets: Set<bigint> }>();
  for (const c of contributions.values()) {
    const cost = c.labor + c.tools + c.compute;
    const active = c.row.status === "attested";
    const key = `${c.assetId}-${c.contributor}`;
    const share = shares.get(key) ?? { assetId: c.assetId, contributor: c.contributor, count: 0, cost: 0n };
    if (active) {
      share.count++;
      share.cost += cost;
    }
    shares.set(key, share);
    const r =
      contributorRows.get(c.contributor) ??
      ({
        id: c.contributor,
        contributionCount: 0,
        activeContributionCount: 0,
        revokedContributionCount: 0,
        struckContributionCount: 0,
        labor: 0n,
        tools: 0n,
        compute: 0n,
        total: 0n,
        first: c.firstAt,
        last: c.at,
        assets: new Set<bigint>(),
      } as Row & {
        assets: Set<bigint>;
      });
    r.contributionCount = (r.contributionCount as number) + 1;
    if (c.firstAt < (r.first as bigint)) r.first = c.firstAt;
    if (c.at > (r.last as bigint)) r.last = c.at;
    if (active) {
      r.activeContributionCount = (r.activeContributionCount as number) + 1;
      r.labor = (r.labor as bigint) + c.labor;
      r.tools = (r.tools as bigint) + c.tools;
      r.compute = (r.compute as bigint) + c.compute;
      r.total = (r.total as bigint) + cost;
      r.assets.add(c.assetId);
    } else {
      const counter = `${c.row.status}ContributionCount`;
      r[counter] = (r[counter] as number) + 1;
    }
    contributorRows.set(c.contributor, r);
  }

  const revenue = new Map<string, Row>();
  for (const p of payments) {
    const key = `${p.assetId}-${p.token}`;
    const r = revenue.get(key) ?? {
      id: key,
      assetId: p.assetId,
      token: p.token,
      paymentCount: 0,
      amount: "0",
      fee: "0",
      reserve: "0",
      pool: "0",
    };
    r.paymentCount = (r.paymentCount as number) + 1;
    for (const f of ["amount", "fee", "reserve", "pool"]) r[f] = s(BigInt(r[f] as string) + BigInt(p[f] as string));
    revenue.set(key, r);
  }

  const claimTotals = new Map<string, Row>();
  for (const c of claims) {
    const key = `${c.account}-${c.token}`;
    const r = claimTotals.get(key) ?? { id: key, account: c.account, token: c.token, claimed: "0", claimCount: 0 };
    r.claimed = s(BigInt(r.claimed as string) + BigInt(c.amount as string));
    r.claimCount = (r.claimCount as number) + 1;
    claimTotals.set(key, r);
  }

  const tokens = new Set([
    ...allowed.keys(),
    ...payments.map((p) => p.token as string),
    ...funded.keys(),
    ...allocated.keys(),
    ...claims.map((c) => c.token as string),
  ]);
  const networkTokens = [...tokens].map((token) => {
    const sum = (f: string) =>
      payments.filter((p) => p.token === token).reduce((acc, p) => acc + BigInt(p[f] as string), 0n);
    const claimed = claims.filter((c) => c.token === token).reduce((acc, c) => acc + BigInt(c.amount as string), 0n);
    const alloc = allocated.get(token) ?? 0n;
    return {
      id: token,
      allowed: allowed.get(token) ?? false,
      revenue: s(sum("amount")),
      fee: s(sum("fee")),
      reserve: s(sum("reserve")),
      pool: s(sum("pool")),
      funded: s(funded.get(token) ?? 0n),
      allocated: s(alloc),
      claimed: s(claimed),
      unclaimed: s(alloc - claimed),
    };
  });

  const active = [...contributions.values()].filter((c) => c.row.status === "attested");
  const resonances = [...assets.keys()].map((id) => {
    const perContributor = [...shares.values()].filter((sh) => sh.assetId === id && sh.count > 0).map((sh) => sh.cost);
    const total = perContributor.reduce((a, b) => a + b, 0n);
    return {
      id: s(id),
      directChildren: children.get(id)?.length ?? 0,
      descendants: descendantsOf(id),
      contributorCount: perContributor.length,
      activeContributionCount: active.filter((c) => c.assetId === id).length,
      totalCostMicroUsd: s(total),
      costSquares: s(perContributor.reduce((a, c) => a + c * c, 0n)),
      diversityBps: expectedDiversityBps(perContributor),
      paymentCount: payments.filter((p) => p.assetId === s(id)).length,
    };
  });

  const contributionList = [...contributions.values()];
  const networkRow = {
    id: "network",
    assetCount: assets.size,
    lineageEdgeCount: [...assets.values()].reduce((n, a) => n + a.parents.length, 0),
    contributorCount: contributorRows.size,
    contributionCount: contributionList.length,
    activeContributionCount: active.length,
    revokedContributionCount: contributionList.filter((c) => c.row.status === "revoked").length,
    struckContributionCount: contributionList.filter((c) => c.row.status === "struck").length,
    revenuePaymentCount: payments.length,
    proposalCount: network.proposals,
    vetoedCount: network.vetoed,
    finalisedEpochCount: network.finalised,
    expiredCount: network.expired,
    revokedEpochCount: network.revokedEpochs,
    latestFinalisedEpoch: s(network.latestFinalised),
    pendingEpoch: (network.pending?.id as string | undefined) ?? null,
    claimCount: claims.length,
    paused: network.paused,
    disputeCount: network.disputes,
    upheldDisputeCount: network.upheld,
    rejectedDisputeCount: network.rejected,
    ...network.terms,
    governanceDelay: s(network.governanceDelay),
    scheduledOperationCount: [...operations.values()].filter((o) => o.status === "scheduled").length,
  };

  const table = (rows: Row[], key: (row: Row) => string = byId): ExpectedTable => ({
    fields: Object.keys(rows[0] ?? {}),
    rows,
    key,
  });
  const logKey =
    (...fields: string[]) =>
    (row: Row) =>
      fields.map((f) => String(row[f])).join("|");
  return {
    assets: table([...assets.values()].map(({ parents: _parents, ...row }) => row)),
    lineageEdges: table(
      [...assets.values()].flatMap((a) =>
        a.parents.map((p, position) => ({
          id: `${a.id}-${p.id}`,
          childId: a.id,
          parentId: s(p.id),
          weightBps: p.weight,
          position,
        })),
      ),
    ),
    assetTransfers: table(transfers, logKey("txHash", "assetId", "from", "to")),
    operatorApprovals: table([...operatorApprovals.values()]),
    assetAttesters: table([...assetAttesters.values()]),
    contributions: table(contributionList.map((c) => c.row)),
    contributors: table(
      [...contributorRows.values()].map((r) => ({
        id: r.id,
        contributionCount: r.contributionCount,
        activeContributionCount: r.activeContributionCount,
        revokedContributionCount: r.revokedContributionCount,
        struckContributionCount: r.struckContributionCount,
        assetCount: r.assets.size,
        laborMicroUsd: s(r.labor as bigint),
        toolsMicroUsd: s(r.tools as bigint),
        computeMicroUsd: s(r.compute as bigint),
        totalCostMicroUsd: s(r.total as bigint),
        firstContributionAt: s(r.first as bigint),
        lastContributionAt: s(r.last as bigint),
      })),
    ),
    assetContributors: table(
      [...shares.entries()].map(([id, sh]) => ({
        id,
        assetId: s(sh.assetId),
        contributorId: sh.contributor,
        contributionCount: sh.count,
        costMicroUsd: s(sh.cost),
      })),
    ),
    revenuePayments: table(payments, logKey("txHash", "assetId", "token")),
    assetRevenues: table([...revenue.values()]),
    fundings: table(fundings, logKey("txHash", "token", "amount")),
    epochs: table(epochs),
    epochTokenTotals: table(epochTokenTotals),
    disputes: table(disputes),
    claims: table(claims, logKey("txHash", "account", "token", "amount")),
    claimTotals: table([...claimTotals.values()]),
    oracles: table([...oracles.values()]),
    parameters: table([...parameters.entries()].map(([id, value]) => ({ id, value }))),
    roleMembers: table([...roles.values()]),
    governanceOperations: table([...operations.values()]),
    governanceCalls: table([...calls.values()]),
    resonances: table(resonances),
    networkTotals: table([networkRow]),
    networkTokens: table(networkTokens),
  };
}
