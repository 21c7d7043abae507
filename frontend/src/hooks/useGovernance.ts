import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import { type GovernanceOperation, parseCall, parseOperation, type RawRow } from "../lib/governance.ts";
import { graphql } from "../lib/indexer.ts";
import { GOVERNANCE_CALLS_QUERY, GOVERNANCE_QUERY } from "../lib/queries.ts";
import type { SendQuery } from "./useAssetList.ts";

/** Who holds a governance role, by the indexer's role names. */
export type GovernanceRoles = {
  /** May schedule changes (the timelock's PROPOSER_ROLE). */
  governors: Address[];
  /** May cancel scheduled changes (CANCELLER_ROLE: the guardians and the governors). */
  cancellers: Address[];
  /** May execute a ready change: the zero address means anyone. */
  executors: Address[];
  /** May veto a proposal and pause claims at once (the distributor's GUARDIAN_ROLE). */
  guardians: Address[];
  /** Record forge links in the ForgeLinkRegistry (its LINKER_ROLE: the forge intake's attester). */
  linkers: Address[];
};

export type Governance = {
  /** Scheduled operations, soonest ready first. */
  waiting: GovernanceOperation[];
  waitingCount: number;
  /** Executed and cancelled operations, latest scheduled first. */
  done: GovernanceOperation[];
  doneCount: number;
  /** The timelock's delay in seconds; undefined before the indexer has seen the timelock. */
  delay: bigint | undefined;
  roles: GovernanceRoles;
};

type PageInfo = { hasNextPage: boolean; endCursor: string | null };
type Page = { totalCount: number; items: RawRow[] };
type RoleRow = { contract: string; roleName: string; account: Address };

const ROLE_OF: Record<string, [contract: string, keyof GovernanceRoles]> = {
  PROPOSER_ROLE: ["CoherenceTimelock", "governors"],
  CANCELLER_ROLE: ["CoherenceTimelock", "cancellers"],
  EXECUTOR_ROLE: ["CoherenceTimelock", "executors"],
  GUARDIAN_ROLE: ["PayoutDistributor", "guardians"],
  LINKER_ROLE: ["ForgeLinkRegistry", "linkers"],
};

/**
 * The Governance page's data: the operations (one request), then their calls as a top-level list over the
 * operations' ids (as many requests as it has pages), attached to their operations in order.
 */
export async function fetchGovernance(send: SendQuery = graphql, signal?: AbortSignal): Promise<Governance> {
  const data = await send<{
    waiting: Page;
    done: Page;
    networkTotal: { governanceDelay: string } | null;
    roleMembers: { items: RoleRow[] };
  }>(GOVERNANCE_QUERY, {}, signal);
  const waiting = data.waiting.items.map(parseOperation);
  const done = data.done.items.map(parseOperation);
  const byId = new Map([...waiting, ...done].map((o) => [o.id, o]));
  if (byId.size > 0) {
    let cursor: string | null = null;
    do {
      const { governanceCalls }: { governanceCalls: { pageInfo: PageInfo; items: RawRow[] } } = await send(
        GOVERNANCE_CALLS_QUERY,
        { ids: [...byId.keys()], after: cursor ?? undefined },
        signal,
      );
      for (const row of governanceCalls.items) {
        const call = parseCall(row);
        byId.get(call.operationId)?.calls.push(call);
      }
      cursor = governanceCalls.pageInfo.hasNextPage ? governanceCalls.pageInfo.endCursor : null;
    } while (cursor !== null);
    for (const operation of byId.values()) operation.calls.sort((a, b) => a.index - b.index);
  }
  const roles: GovernanceRoles = { governors: [], cancellers: [], executors: [], guardians: [], linkers: [] };
  for (const member of data.roleMembers.items) {
    const role = ROLE_OF[member.roleName];
    if (role !== undefined && role[0] === member.contract) roles[role[1]].push(member.account);
  }
  return {
    waiting,
    waitingCount: data.waiting.totalCount,
    done,
    doneCount: data.done.totalCount,
    delay: data.networkTotal === null ? undefined : BigInt(data.networkTotal.governanceDelay),
    roles,
  };
}

/** Governance from the indexer, refreshed every 15 s (a change waiting its delay turns ready, then executed). */
export function useGovernance() {
  return useQuery({
    queryKey: ["governance"],
    staleTime: 5_000,
    refetchInterval: 15_000,
    queryFn: ({ signal }) => fetchGovernance(graphql, signal),
  });
}
