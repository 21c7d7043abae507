/**
 * Applies a scenario to the chain a deployment file names: makes its git repositories, checks the deployment's
 * roles are the scenario's, mints demo tokens, then epoch by epoch registers assets, attests contributions, pays
 * revenue, runs the epoch with the oracle quorum, and makes the listed claims. Everything is validated first, so
 * an invalid scenario changes nothing on-chain.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import {
  assetRegistryAbi,
  bytesToHex,
  contributionLedgerAbi,
  costReportSchema,
  type Deployment,
  demoTokenAbi,
  InvalidArgumentError,
  payoutDistributorAbi,
  priceCostReport,
  type RateCard,
  rateCardSchema,
  withCostReport,
} from "@coherence/protocol";
import { formatTokenAmount, planPayment, sendPayment } from "@coherence/protocol/actions";
import { DEFAULT_PRICE_TABLE_FILE } from "@coherence/protocol/node";
import { type Abi, type Address, formatUnits, type Hex, type LocalAccount, type PublicClient } from "viem";
import { walletClientOf } from "../chain/clients.ts";
import { type CostChecksInputs, costChecksInputs } from "../costs/costChecksOf.ts";
import { readPriceTable } from "../costs/costFiles.ts";
import type { EpochResult } from "../epoch/types.ts";
import { getProofBytes } from "../merkle/flatTree.ts";
import { contributionIdOf, evidenceHashOf, evidenceUriOf } from "../operator/evidence.ts";
import { type EpochOperator, type RunEpochReturnType, runEpoch } from "../operator/runEpoch.ts";
import { createScoringConfig, type RepositoryConfig, type ScoringConfig } from "../scoring/config.ts";
import { createFixtureRepository } from "../scoring/fixtures.ts";
import type { ReviewScore } from "../scoring/reviewScore.ts";
import { registerScenarioAsset } from "./registerScenarioAsset.ts";
import { scenarioAccounts } from "./scenarioAccounts.ts";
import type { Scenario } from "./scenarioTypes.ts";
import { settleAssetOwnership } from "./settleAssetOwnership.ts";
import { ScenarioError } from "./validateScenario.ts";

export type ApplyScenarioParameters = {
  scenario: Scenario;
  deployment: Deployment;
  rpcUrl: string;
  publicClient: PublicClient;
  /** Where repositories, operator data and published manifests go. */
  workDir: string;
  codeVersion: string;
  /** Move time past challenge windows (local chains only). */
  timeTravel: boolean;
  log?: (line: string) => void;
};

export type AppliedScenario = {
  assets: Record<string, bigint>;
  contributions: Record<string, Hex>;
  epochs: RunEpochReturnType[];
  /** The oracle configuration the scenario implies (repositories by asset id, reviews by contribution id). */
  scoring: ScoringConfig;
  reviews: Record<string, ReviewScore>;
  /** The published cost documents (rate cards, reports) and the approvals of held costs, by contribution id. */
  costs: CostChecksInputs;
  manifestsDir: string;
  accounts: Map<string, LocalAccount>;
  /** The oracle quorum that ran its epochs, each with its own data directory (scores once committed are reused). */
  operators: EpochOperator[];
};

/** The chain a scenario's transactions go to. */
export type ScenarioChain = Pick<ApplyScenarioParameters, "deployment" | "rpcUrl" | "publicClient">;

/** A scenario account that sends transactions, with its name for messages. */
export type ScenarioSender = { name: string; account: LocalAccount };

export async function applyScenario(parameters: ApplyScenarioParameters): Promise<AppliedScenario> {
  const { scenario, deployment, rpcUrl, publicClient, workDir } = parameters;
  const log = parameters.log ?? (() => {});
  const accounts = scenarioAccounts(scenario);
  const addressOf = (name: string): Address => accounts.get(name)!.address;
  checkRoles(scenario, deployment, addressOf);
  const tokens = new Map(
    scenario.tokens.map((t, i) => {
      const token = deployment.tokens.find((d) => d.symbol === t.symbol);
      if (token === undefined)
        throw new ScenarioError(
          `tokens[${i}].symbol`,
          `the deployment of chain ${deployment.chainId} has no token "${t.symbol}"`,
        );
      return [t.symbol, token.address] as const;
    }),
  );

  const sender = (name: string): ScenarioSender => ({ name, account: accounts.get(name)! });
  const send = (from: string, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) =>
    sendAs(parameters, sender(from), address, abi, functionName, args);

  // Repositories first: commit ids are evidence.
  const repositories = new Map<string, { path: string; url: string; commits: Map<string, string> }>();
  for (const [name, repository] of Object.entries(scenario.repositories ?? {})) {
    const dir = path.join(workDir, "repositories", name);
    await rm(dir, { recursive: true, force: true });
    const made = await createFixtureRepository(
      dir,
      repository.commits.map((c) => ({
        message: c.message,
        files: c.files,
        ...(c.author !== undefined
          ? { author: { name: c.author, email: `${c.author.toLowerCase()}@${scenario.name}.example` } }
          : {}),
      })),
    );
    repositories.set(name, {
      path: dir,
      url: repository.url,
      commits: new Map(repository.commits.map((c, i) => [c.key, made.commits[i]!])),
    });
  }

  for (const [i, token] of scenario.tokens.entries()) {
    for (const [name, amount] of Object.entries(token.mint ?? {})) {
      log(`mint ${amount} ${token.symbol} to ${name}`);
      await send(name, tokens.get(token.symbol)!, demoTokenAbi as Abi, "mint", [addressOf(name), BigInt(amount)]).catch(
        (cause) => {
          throw new ScenarioError(
            `tokens[${i}].mint.${name}`,
            `minting failed (only demo tokens can be minted): ${(cause as Error).message.split("\n")[0]}`,
          );
        },
      );
    }
  }

  const assetIds: Record<string, bigint> = {};
  const contributionIds: Record<string, Hex> = {};
  const repositoryConfigs: Record<string, RepositoryConfig> = {};
  const reviews: Record<string, ReviewScore> = {};
  const epochs: RunEpochReturnType[] = [];
  const operators = scenario.roles.oracles.slice(0, scenario.roles.threshold).map((name) => ({
    name,
    account: accounts.get(name)!,
    dataDir: path.join(workDir, "operators", name),
  }));
  const manifestsDir = path.join(workDir, "manifests");
  const approvals: Record<string, { reviewer: Hex; rationale: string }> = {};
  const costs = await costChecksInputs(manifestsDir, { approvals });
  const priceTable = await readPriceTable(DEFAULT_PRICE_TABLE_FILE);
  const rateCards = new Map<string, RateCard>();
  let scoring = createScoringConfig({});

  for (const epoch of scenario.epochs) {
    const inEpoch = (item: { epoch?: number }) => (item.epoch ?? 1) === epoch;

    for (const asset of scenario.assets.filter(inEpoch)) {
      const parents = (asset.parents ?? []).map((p) => ({ assetId: assetIds[p.asset]!, weightBps: p.weightBps }));
      // A squatter registers the owner's content first, without lineage; the owner reclaims it with its own.
      const registrant = asset.squatter ?? asset.owner;
      const { assetId, contentHash } = await registerScenarioAsset({
        publicClient,
        walletClient: walletClientOf(deployment.chainId, rpcUrl, accounts.get(registrant)!),
        deployment,
        scenario,
        index: scenario.assets.indexOf(asset),
        parents,
        squatting: asset.squatter !== undefined,
      });
      assetIds[asset.key] = assetId;
      await settleAssetOwnership({ chain: parameters, scenario, asset, assetId, contentHash, parents, accounts, send });
      if (asset.rateCard !== undefined) {
        // Published where every oracle reads it, then named on-chain by the owner: the order a real owner follows.
        const cardHash = await costs.store.put(rateCardSchema.encode(asset.rateCard));
        await send(asset.owner, deployment.contracts.AssetRegistry.address, assetRegistryAbi as Abi, "setRateCard", [
          assetId,
          cardHash,
        ]);
        rateCards.set(asset.key, asset.rateCard);
      }
      log(
        `asset ${asset.key} = #${assetId}${asset.parents?.length ? ` (parents ${asset.parents.map((p) => `${p.asset} ${p.weightBps / 100}%`).join(", ")})` : ""}${asset.squatter ? `, reclaimed from ${asset.squatter}` : asset.verified ? ", verified" : ""}`,
      );
      if (asset.repository !== undefined) {
        const repository = repositories.get(asset.repository)!;
        const rules = scenario.repositories![asset.repository]!.architecture;
        repositoryConfigs[assetIds[asset.key]!.toString()] = {
          url: repository.url,
          path: repository.path,
          ...(rules !== undefined ? { architecture: rules } : {}),
        };
      }
    }
    scoring = createScoringConfig(repositoryConfigs);

    // Each report is built as `ccn cost build` builds one and published before the attestation that binds it.
    const reports = new Map<Scenario["contributions"][number], Hex>();
    for (const c of scenario.contributions.filter(inEpoch)) {
      if (c.costReport === undefined) continue;
      const report = priceCostReport({ ...c.costReport, rateCard: rateCards.get(c.asset)!, priceTable });
      reports.set(c, await costs.store.put(costReportSchema.encode(report)));
    }
    const byAttester = scenario.contributions.filter(inEpoch).map((c) => {
      const asset = scenario.assets.find((a) => a.key === c.asset)!;
      const work = asset.kind === "Code" ? repositories.get(asset.repository!)!.commits.get(c.commit!)! : c.evidence!;
      const fragment = c.costReport === undefined ? work : withCostReport(work, reports.get(c)!);
      const url =
        asset.kind === "Code"
          ? repositories.get(asset.repository!)!.url
          : `https://${scenario.name}.example/${asset.key}`;
      const contributor = addressOf(c.contributor);
      const evidenceHash = evidenceHashOf(fragment);
      const id = contributionIdOf(assetIds[c.asset]!, contributor, evidenceHash);
      contributionIds[`${c.asset}/${c.contributor}/${c.commit ?? c.evidence}`] = id;
      if (c.review !== undefined)
        reviews[id] = { reviewer: addressOf(c.review.reviewer), bps: c.review.bps, rationale: c.review.rationale };
      if (c.costApproval !== undefined) {
        const reviewer = addressOf(c.costApproval.reviewer).toLowerCase() as Hex;
        approvals[id] = { reviewer, rationale: c.costApproval.rationale };
      }
      return {
        contributor,
        assetId: assetIds[c.asset]!,
        laborMicroUsd: BigInt(c.costs.laborMicroUsd),
        toolsMicroUsd: BigInt(c.costs.toolsMicroUsd),
        computeMicroUsd: BigInt(c.costs.computeMicroUsd),
        evidenceHash,
        evidenceUri: evidenceUriOf(url, fragment),
      };
    });
    if (byAttester.length > 0) {
      log(`attest ${byAttester.length} contribution(s)`);
      await send(
        scenario.roles.attesters[0]!,
        deployment.contracts.ContributionLedger.address,
        contributionLedgerAbi as Abi,
        "attestBatch",
        [byAttester],
      );
    }

    for (const payment of scenario.revenue.filter(inEpoch)) {
      await payRevenue(
        parameters,
        sender(payment.payer),
        assetIds[payment.asset]!,
        tokens.get(payment.token)!,
        BigInt(payment.amount),
      );
      log(`pay ${payment.amount} ${payment.token} to ${payment.asset}`);
    }

    const run = await runEpoch({
      publicClient,
      rpcUrl,
      deployment,
      operators,
      scoring,
      reviews,
      costs,
      codeVersion: parameters.codeVersion,
      publishDir: manifestsDir,
      timeTravel: parameters.timeTravel,
    });
    epochs.push(run);
    log(
      `epoch ${run.prepared.proposal.epoch}: ${run.submitted.status}${run.finalised ? ", finalised" : ", in its challenge window"} (root ${run.prepared.proposal.payoutRoot})`,
    );

    for (const claim of (scenario.claims ?? []).filter((c) => c.after === epoch)) {
      const account = addressOf(claim.account).toLowerCase();
      const tree = run.prepared.manifest;
      for (const leaf of tree.leaves.filter((l) => l.account === account)) {
        const claimed = await publicClient.readContract({
          address: deployment.contracts.PayoutDistributor.address,
          abi: payoutDistributorAbi,
          functionName: "claimed",
          args: [leaf.account, leaf.token],
        });
        if (claimed >= leaf.cumulative) continue;
        const proofBytes = getProofBytes(tree.payoutTree.nodes, leaf.treeIndex);
        const proof = Array.from({ length: proofBytes.length / 32 }, (_, k) => bytesToHex(proofBytes, 32 * k, 32));
        await send(
          claim.account,
          deployment.contracts.PayoutDistributor.address,
          payoutDistributorAbi as Abi,
          "claim",
          [leaf.account, leaf.token, leaf.cumulative, proof],
        );
        log(`${claim.account} claims ${leaf.cumulative - claimed} of ${leaf.token}`);
      }
    }
  }
  return {
    assets: assetIds,
    contributions: contributionIds,
    epochs,
    scoring,
    reviews,
    costs,
    manifestsDir,
    accounts,
    operators,
  };
}

/**
 * Pays `amount` (base units) of `token` to an asset as `ccn pay` pays it: checked and split first, then by permit
 * in one transaction where the token has one, else approve and pay.
 */
export async function payRevenue(
  chain: ScenarioChain,
  payer: ScenarioSender,
  assetId: bigint,
  token: Address,
  amount: bigint,
): Promise<void> {
  const { publicClient, deployment, rpcUrl } = chain;
  const { decimals } = deployment.tokens.find((t) => t.address.toLowerCase() === token.toLowerCase())!;
  const plan = await planPayment({
    publicClient,
    deployment,
    payer: payer.account.address,
    assetId,
    token,
    amount: formatTokenAmount(amount, decimals),
  });
  await sendPayment(plan, {
    publicClient,
    walletClient: walletClientOf(deployment.chainId, rpcUrl, payer.account),
    deployment,
  });
}

/** Sends a transaction as `from`, simulated first so a revert is reported with its reason, and waits for its receipt. */
async function sendAs(
  chain: ScenarioChain,
  from: ScenarioSender,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[],
) {
  const { publicClient, deployment, rpcUrl } = chain;
  const { request } = await publicClient.simulateContract({
    account: from.account,
    address,
    abi,
    functionName,
    args,
  } as never);
  const hash = await walletClientOf(deployment.chainId, rpcUrl, from.account).writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success")
    throw new InvalidArgumentError(`${functionName} by ${from.name} reverted (${hash}).`);
  return receipt;
}

/** Per account and token: what it earned this epoch, and from which assets' pools with which multipliers. */
export function summariseEpoch(
  result: EpochResult,
  names: Map<string, string>,
  tokens: Map<string, { symbol: string; decimals: number }>,
  assets: Map<bigint, string>,
): string[] {
  const asset = (id: bigint) => `${assets.get(id) ?? "asset"} (#${id})`;
  const lines: string[] = [];
  for (const leaf of result.leaves) {
    if (leaf.amount === 0n) continue;
    const token = tokens.get(leaf.token) ?? { symbol: leaf.token, decimals: 0 };
    const who = names.get(leaf.account) ?? leaf.account;
    lines.push(
      `${who} +${formatUnits(leaf.amount, token.decimals)} ${token.symbol} (total ${formatUnits(leaf.cumulative, token.decimals)})`,
    );
    for (const source of leaf.sources) {
      if (source.kind === "treasury") {
        lines.push(
          `    ${formatUnits(source.amount, token.decimals)} from ${asset(source.assetId)}, which has no weighted contributions or parents`,
        );
        continue;
      }
      const multipliers = source.contributions.map((c) => `${(c.multiplierBps / 10_000).toFixed(2)}x`).join(", ");
      const share = Number((source.weight * 10_000n) / source.totalWeight) / 100;
      lines.push(
        `    ${formatUnits(source.amount, token.decimals)} from ${asset(source.assetId)}'s contributor pool: ${share}% of its weight (multiplier ${multipliers})`,
      );
    }
  }
  return lines;
}

function checkRoles(scenario: Scenario, deployment: Deployment, addressOf: (name: string) => Address): void {
  const p = deployment.parameters;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const expect = (field: string, ok: boolean, detail: string) => {
    if (!ok) throw new ScenarioError(field, `does not match the deployment of chain ${deployment.chainId}: ${detail}`);
  };
  expect(
    "roles.guardian",
    p.guardians.some((g) => same(g, addressOf(scenario.roles.guardian))),
    `guardians are ${p.guardians.join(", ")}`,
  );
  expect("roles.treasury", same(addressOf(scenario.roles.treasury), p.treasury), `treasury is ${p.treasury}`);
  expect("roles.reserve", same(addressOf(scenario.roles.reserve), p.reserve), `reserve is ${p.reserve}`);
  expect("roles.threshold", scenario.roles.threshold === p.threshold, `threshold is ${p.threshold}`);
  scenario.roles.oracles.forEach((o, i) => {
    expect(
      `roles.oracles[${i}]`,
      p.oracles.some((a) => same(a, addressOf(o))),
      `${o} (${addressOf(o)}) is not an oracle`,
    );
  });
  scenario.roles.attesters.forEach((a, i) => {
    expect(
      `roles.attesters[${i}]`,
      p.attesters.some((x) => same(x, addressOf(a))),
      `${a} (${addressOf(a)}) is not an attester`,
    );
  });
  const { verifier } = scenario.roles;
  if (verifier !== undefined) {
    expect(
      "roles.verifier",
      p.verifiers.some((v) => same(v, addressOf(verifier))),
      `${verifier} (${addressOf(verifier)}) is not a verifier`,
    );
  }
}
