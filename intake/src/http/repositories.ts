/**
 * `GET /repositories`: each repository the intake took work from (an opted-in one: a contribution is made only
 * after its owner-signed `.coherence.json` verified), its asset and that asset's owner on the registry now (who
 * may approve what its gates hold back), and how many of its contributions are in each state.
 */
import { assetRegistryAbi, type Deployment } from "@coherence/protocol";
import type { Address, PublicClient } from "viem";

import type { Contribution, ForgeName, RecordedRefusal } from "../store/intakeStore.ts";
import { refusedChange } from "./queries.ts";

export type RepositoryCounts = { pending: number; held: number; attested: number; refused: number };

export type RepositoryStatus = {
  forge: ForgeName;
  /** `github.com/<owner>/<repo>`. */
  repository: string;
  assetId: bigint;
  /** `ownerOf(assetId)` now: the address whose signature (an EOA's or an ERC-1271 wallet's) approves held work. */
  owner: Address;
  /**
   * `pending`: waiting for or in a batch; `refused`: contributions the chain refused, and change requests refused
   * before any contribution was made of them (a held one's "held for approval" is counted as held, not refused).
   */
  counts: RepositoryCounts;
};

/** GitHub's repositories are on github.com; a GitLab one is on its instance's host. */
export const forgeOfRepository = (repository: string): ForgeName =>
  repository.toLowerCase().startsWith("github.com/") ? "github" : "gitlab";

export type RepositoriesParameters = {
  client: PublicClient;
  deployment: Deployment;
  contributions: readonly Contribution[];
  refusals: readonly RecordedRefusal[];
};

export async function repositoryStatuses(p: RepositoriesParameters): Promise<RepositoryStatus[]> {
  const byName = new Map<string, { repository: string; assetId: bigint; counts: RepositoryCounts }>();
  for (const c of p.contributions) {
    const key = c.repository.toLowerCase();
    const entry = byName.get(key) ?? {
      repository: c.repository,
      assetId: c.assetId,
      counts: { pending: 0, held: 0, attested: 0, refused: 0 },
    };
    // The latest opt-in's asset: contributions are in the order made.
    entry.assetId = c.assetId;
    entry.counts[c.state === "sent" ? "pending" : c.state] += 1;
    byName.set(key, entry);
  }
  const changeKey = (repository: string, number: number) => `${repository.toLowerCase()}#${number}`;
  const made = new Set(p.contributions.map((c) => changeKey(c.repository, c.pullRequest)));
  const refusedChanges = new Set<string>();
  for (const r of p.refusals) {
    const change = refusedChange(r);
    if (change === undefined) continue;
    const key = changeKey(change.repository, change.number);
    const entry = byName.get(change.repository.toLowerCase());
    // A change request delivered again is refused again: it counts once.
    if (entry === undefined || made.has(key) || refusedChanges.has(key)) continue;
    refusedChanges.add(key);
    entry.counts.refused += 1;
  }
  const registry = { address: p.deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  return Promise.all(
    [...byName.values()].map(async ({ repository, assetId, counts }) => ({
      forge: forgeOfRepository(repository),
      repository,
      assetId,
      owner: await p.client.readContract({ ...registry, functionName: "ownerOf", args: [assetId] }),
      counts,
    })),
  );
}
