/**
 * The world of the end-to-end run: the project's demo scenario (scenarios/demo.json: twelve assets over three
 * lineage levels, six contributors, two tokens, two epochs run by a 3-of-5 oracle quorum and finalised, some
 * claims) applied to the e2e chain with the shared scenario module; then the accounts each test needs are picked
 * from what the latest finalised epoch left claimable, so the tests follow the scenario if it changes.
 */
import { createReadStream } from "node:fs";
import path from "node:path";

import { REPOSITORY_ROOT } from "@coherence/devnet";
import {
  type AppliedScenario,
  applyScenario,
  payRevenue,
  publicClientOf,
  readScenario,
  runEpoch,
  type Scenario,
} from "@coherence/oracle";
import {
  type Deployment,
  decodeManifest,
  type Manifest,
  type ManifestLeaf,
  payoutDistributorAbi,
} from "@coherence/protocol";
import { type Address, erc20Abi } from "viem";

export const SCENARIO_FILE = path.join(REPOSITORY_ROOT, "scenarios", "demo.json");

export type World = {
  scenario: Scenario;
  applied: AppliedScenario;
  /** The latest finalised epoch, its published manifest file and the manifest, decoded as the web app decodes it. */
  epoch: { number: bigint; manifestFile: string; manifest: Manifest; totals: bigint[]; tokens: string[] };
  /** Scenario names by lower-case address, for messages. */
  names: Map<string, string>;
  /** Accounts with every leaf unclaimed, at least two tokens each, one per test that claims. */
  claimer: Address;
  batchClaimer: Address;
  rejecter: Address;
  outOfBand: Address;
  /** An account with no payout at all. */
  nobody: Address;
  /** An account that holds demo tokens to pay revenue with. */
  payer: Address;
  /** The account's leaves in the latest finalised manifest. */
  leavesOf(account: string): ManifestLeaf[];
};

/** Applies the demo scenario and picks the accounts the tests use. */
export async function setUpWorld(rpcUrl: string, deployment: Deployment, workDir: string): Promise<World> {
  const scenario = await readScenario(SCENARIO_FILE);
  const publicClient = publicClientOf(deployment.chainId, rpcUrl);
  const applied = await applyScenario({
    scenario,
    deployment,
    rpcUrl,
    publicClient,
    workDir,
    codeVersion: "frontend-e2e",
    timeTravel: true,
  });
  const last = applied.epochs.at(-1)!;
  const manifestFile = last.publishedManifest;
  // Decoded as the web app decodes it: amounts are bigint, addresses lower case.
  const { manifest } = await decodeManifest(createReadStream(manifestFile));
  const leavesOf = (account: string) => manifest.leaves.filter((l) => l.account === account.toLowerCase());
  const names = new Map([...applied.accounts].map(([name, account]) => [account.address.toLowerCase(), name]));

  // Accounts whose every leaf is still unclaimed on-chain, with at least two tokens, in address order.
  const byAccount = new Map<Address, ManifestLeaf[]>();
  for (const leaf of manifest.leaves) byAccount.set(leaf.account, [...(byAccount.get(leaf.account) ?? []), leaf]);
  const fresh: Address[] = [];
  for (const [account, leaves] of [...byAccount].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!names.has(account) || leaves.length < 2) continue;
    const claimed = await Promise.all(
      leaves.map((l) =>
        publicClient.readContract({
          address: deployment.contracts.PayoutDistributor.address,
          abi: payoutDistributorAbi,
          functionName: "claimed",
          args: [account, l.token],
        }),
      ),
    );
    if (claimed.every((c) => c === 0n)) fresh.push(account);
  }
  if (fresh.length < 4)
    throw new Error(`the scenario leaves ${fresh.length} accounts with two unclaimed tokens; the e2e tests need 4`);

  // The payer: the scenario account holding the most of the first token; nobody: a named account without leaves.
  const [usd] = deployment.tokens;
  const holdings = await Promise.all(
    [...applied.accounts.values()].map(async (a) => ({
      address: a.address,
      balance: await publicClient.readContract({
        address: usd!.address,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [a.address],
      }),
    })),
  );
  const payer = holdings.sort((a, b) => (b.balance > a.balance ? 1 : b.balance < a.balance ? -1 : 0))[0]!.address;
  const nobody = [...applied.accounts.values()]
    .map((a) => a.address)
    .find((a) => !byAccount.has(a.toLowerCase() as Address) && a !== payer);
  if (nobody === undefined) throw new Error("the scenario has no account without a payout");

  return {
    scenario,
    applied,
    epoch: {
      number: last.prepared.proposal.epoch,
      manifestFile,
      manifest,
      totals: [...last.prepared.proposal.totals],
      tokens: [...last.prepared.proposal.tokens],
    },
    names,
    claimer: fresh[0]!,
    batchClaimer: fresh[1]!,
    rejecter: fresh[2]!,
    outOfBand: fresh[3]!,
    nobody,
    payer,
    leavesOf,
  };
}

/**
 * Pays new revenue to an asset and has the scenario's oracle quorum propose the next epoch without finalising
 * it, so it stays in its challenge window. Returns the proposed epoch number.
 */
export async function proposePendingEpoch(
  world: World,
  rpcUrl: string,
  deployment: Deployment,
  assetId: bigint,
): Promise<bigint> {
  const run = await runNextEpoch(world, rpcUrl, deployment, assetId, { finalise: false });
  if (run.finalised) throw new Error("the pending epoch was finalised");
  return run.prepared.proposal.epoch;
}

/**
 * Pays new revenue to an asset and has the scenario's oracle quorum propose the next epoch and, with `finalise`,
 * move the chain's clock past its challenge window and finalise it; its manifest is published where the indexer
 * reads manifests.
 */
export async function runNextEpoch(
  world: World,
  rpcUrl: string,
  deployment: Deployment,
  assetId: bigint,
  options: { finalise: boolean },
): Promise<Awaited<ReturnType<typeof runEpoch>>> {
  const publicClient = publicClientOf(deployment.chainId, rpcUrl);
  const payer = {
    name: world.names.get(world.payer.toLowerCase())!,
    account: [...world.applied.accounts.values()].find((a) => a.address === world.payer)!,
  };
  const usd = deployment.tokens[0]!;
  await payRevenue(
    { publicClient, rpcUrl, deployment },
    payer,
    assetId,
    usd.address,
    300n * 10n ** BigInt(usd.decimals),
  );
  return runEpoch({
    publicClient,
    rpcUrl,
    deployment,
    // The operators the scenario ran its epochs with: scores once committed are reused, never recomputed.
    operators: world.applied.operators,
    scoring: world.applied.scoring,
    reviews: world.applied.reviews,
    costs: world.applied.costs,
    codeVersion: "frontend-e2e",
    publishDir: world.applied.manifestsDir,
    timeTravel: options.finalise,
  });
}
