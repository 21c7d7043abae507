/**
 * `GET /repositories`: each repository the intake took work from or verified the opt-in of (its owner-signed
 * `.coherence.json`), its asset and that asset's owner on the registry now (who may approve what its gates hold
 * back), the gates in effect as the latest verified opt-in signed them, and how many of its contributions are in
 * each state.
 */
import { assetRegistryAbi, type Deployment } from "@coherence/protocol";
import type { Address, PublicClient } from "viem";

import type { Gates } from "../optIn/coherenceFile.ts";
import type { Contribution, ForgeName, RecordedOptIn, RecordedRefusal } from "../store/intakeStore.ts";
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
  /**
   * The gates the pipeline applies to its next merged change request, as its latest verified opt-in set them (each
   * defaulted where the file is silent), and when that was (unix seconds); absent for a repository whose work was
   * taken before the intake kept opt-ins, until a delivery verifies it again.
   */
  gates?: Gates | undefined;
  gatesVerifiedAt?: number | undefined;
};

/** GitHub's repositories are on github.com; a GitLab one is on its instance's host. */
export const forgeOfRepository = (repository: string): ForgeName =>
  repository.toLowerCase().startsWith("github.com/") ? "github" : "gitlab";

export type RepositoriesParameters = {
  client: PublicClient;
  deployment: Deployment;
  contributions: readonly Contribution[];
  refusals: readonly RecordedRefusal[];
  optIns: readonly RecordedOptIn[];
};

type Entry = {
  forge: ForgeName;
  repository: string;
  assetId: bigint;
  counts: RepositoryCounts;
  optIn?: RecordedOptIn | undefined;
};

/** `RepositoryStatus` but its owner, which the chain says. */
export type RepositoryTally = Omit<RepositoryStatus, "owner">;

/**
 * Each repository's counts, asset and gates from what the store has, in the order first seen (contributions first).
 *
 * @example
 * const [lib] = repositoryTallies(contributions, refusals, optIns); // { repository: "github.com/o/lib", gates: … }
 */
export function repositoryTallies(
  contributions: readonly Contribution[],
  refusals: readonly RecordedRefusal[],
  optIns: readonly RecordedOptIn[],
): RepositoryTally[] {
  const byName = new Map<string, Entry>();
  const none = (): RepositoryCounts => ({ pending: 0, held: 0, attested: 0, refused: 0 });
  for (const c of contributions) {
    const key = c.repository.toLowerCase();
    const entry = byName.get(key) ?? {
      forge: forgeOfRepository(c.repository),
      repository: c.repository,
      assetId: c.assetId,
      counts: none(),
    };
    // The latest opt-in's asset: contributions are in the order made.
    entry.assetId = c.assetId;
    entry.counts[c.state === "sent" ? "pending" : c.state] += 1;
    byName.set(key, entry);
  }
  // The latest verified opt-in names the asset its next contributions go to, and the gates they pass.
  for (const optIn of optIns) {
    const key = optIn.repository.toLowerCase();
    const entry = byName.get(key) ?? { ...optIn, counts: none() };
    byName.set(key, { ...entry, forge: optIn.forge, assetId: optIn.assetId, optIn });
  }
  const changeKey = (repository: string, number: number) => `${repository.toLowerCase()}#${number}`;
  const made = new Set(contributions.map((c) => changeKey(c.repository, c.pullRequest)));
  const refusedChanges = new Set<string>();
  for (const r of refusals) {
    const change = refusedChange(r);
    if (change === undefined) continue;
    const key = changeKey(change.repository, change.number);
    const entry = byName.get(change.repository.toLowerCase());
    // A change request delivered again is refused again: it counts once.
    if (entry === undefined || made.has(key) || refusedChanges.has(key)) continue;
    refusedChanges.add(key);
    entry.counts.refused += 1;
  }
  return [...byName.values()].map(({ forge, repository, assetId, counts, optIn }) => ({
    forge,
    repository,
    assetId,
    counts,
    gates: optIn?.gates,
    gatesVerifiedAt: optIn?.verifiedAt,
  }));
}

export async function repositoryStatuses(p: RepositoriesParameters): Promise<RepositoryStatus[]> {
  const registry = { address: p.deployment.contracts.AssetRegistry.address, abi: assetRegistryAbi } as const;
  return Promise.all(
    repositoryTallies(p.contributions, p.refusals, p.optIns).map(async (tally) => ({
      ...tally,
      owner: await p.client.readContract({ ...registry, functionName: "ownerOf", args: [tally.assetId] }),
    })),
  );
}
