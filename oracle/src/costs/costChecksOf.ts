/**
 * The cost checks of an epoch's contributions, as operators and auditors both compute them: each attestation's
 * bound report and its asset's rate card from the cost store, the work's window from the repository the scorer
 * measures, then {@link checkContributionCosts} in attestation order.
 */
import {
  ASSET_KINDS,
  type BoundEvidence,
  boundEvidence,
  type CostCheck,
  type CostParts,
  type CostPolicy,
  type Hex,
  InvalidArgumentError,
  type PriceTable,
} from "@coherence/protocol";
import { publishedPriceTables } from "@coherence/protocol/node";

import type { ChainAsset, ChainContribution } from "../chain/readChain.ts";
import { type EvidenceBindings, evidenceFragmentOf } from "../operator/evidence.ts";
import type { ScoringConfig } from "../scoring/config.ts";
import { openRepository } from "../scoring/measureCode.ts";
import { type CostCheckItem, checkContributionCosts, type LoadedDocument } from "./checkContributionCosts.ts";
import { approvalOf, type CostConfig, costPolicyOf } from "./costConfig.ts";
import { CostStore } from "./costStore.ts";
import { holdUnscorable } from "./holdUnscorable.ts";
import { workWindowOf } from "./workWindow.ts";

/** Where the cost documents are and how to check them: what an operator or auditor brings. */
export type CostChecksInputs = {
  store: CostStore;
  config: CostConfig | undefined;
  /** The published price tables by canonical hash ({@link publishedPriceTables}). */
  priceTables: ReadonlyMap<Hex, PriceTable>;
};

/**
 * The inputs of an oracle whose manifests are published in `manifestsDir`: the cost documents beside them, the
 * shipped price tables.
 *
 * @example
 * await prepareEpoch({ ...parameters, costs: await costChecksInputs(config.manifestsDir, config.costs) });
 */
export async function costChecksInputs(manifestsDir: string, config?: CostConfig): Promise<CostChecksInputs> {
  return { store: CostStore.beside(manifestsDir), config, priceTables: await publishedPriceTables() };
}

export type CostChecksOfParameters = CostChecksInputs & {
  /** Every contribution the epoch weighs, in attestation order. */
  contributions: readonly ChainContribution[];
  /** The registered assets: a code asset's reported costs are checked against its commit window. */
  assets: readonly ChainAsset[];
  /** The repositories the scorer measures, where the work's windows are read. */
  scoring: ScoringConfig;
  /** Why the scorer could not score a contribution, by lower-case id: each is held for a reviewer. */
  unscorable?: ReadonlyMap<string, string> | undefined;
  /** The published bindings of contributions whose URI names only the work (`evidenceBindingsOf`). */
  bindings?: EvidenceBindings | undefined;
};

/** The policy checked with, and each contribution's check, in the order of the contributions. */
export type CostChecks = { policy: CostPolicy; checks: readonly CostCheck[] };

/**
 * @example
 * const { policy, checks } = await costChecksOf({ contributions, assetKinds, scoring, store, config, priceTables });
 * checks[0].paid.laborMicroUsd;
 */
export async function costChecksOf(parameters: CostChecksOfParameters): Promise<CostChecks> {
  const { store, scoring, config, priceTables } = parameters;
  const policy = costPolicyOf(config, priceTables);
  const documents = new Map<Hex, Promise<LoadedDocument>>();
  const load = (hash: Hex) => {
    if (!documents.has(hash)) documents.set(hash, store.get(hash));
    return documents.get(hash)!;
  };
  const codeAssets = new Set(parameters.assets.filter((a) => ASSET_KINDS[a.kind] === "Code").map((a) => a.id));
  const items: CostCheckItem[] = [];
  for (const c of parameters.contributions) {
    const fragment = committedFragment(c, parameters.bindings);
    const bound = fragment === undefined ? undefined : boundEvidence(fragment);
    const binding = bound === undefined ? undefined : bindingOf(bound);
    const report = binding !== undefined && "report" in binding ? binding.report : undefined;
    const repository = scoring.repositories[c.assetId.toString()];
    items.push({
      id: c.id,
      assetId: c.assetId,
      contributor: c.contributor,
      attested: attestedOf(c),
      binding,
      report: report === undefined ? undefined : await load(report),
      rateCardHash: c.rateCardHash,
      rateCard: report !== undefined && c.rateCardHash !== null ? await load(c.rateCardHash) : undefined,
      // Only a reported cost of code has a window to check; the repository is the one the scorer measures. An
      // unscorable one may have no commit to read a window from, and is held whatever its window.
      window:
        report !== undefined &&
        codeAssets.has(c.assetId) &&
        repository !== undefined &&
        parameters.unscorable?.has(c.id.toLowerCase()) !== true
          ? await workWindowOf(
              await openRepository(c.assetId.toString(), repository),
              repository.url,
              bound!.work,
              repository.ref,
            )
          : undefined,
      approval: approvalOf(config, c.id),
    });
  }
  const checks = checkContributionCosts(items, { policy, priceTables }).map((check) => {
    const reason = parameters.unscorable?.get(check.contributionId.toLowerCase());
    return reason === undefined ? check : holdUnscorable(check, reason, approvalOf(config, check.contributionId));
  });
  return { policy, checks };
}

function bindingOf(bound: BoundEvidence): CostCheckItem["binding"] {
  if (bound.problem !== undefined) return { problem: bound.problem };
  return bound.costReport === undefined ? undefined : { report: bound.costReport };
}

/**
 * The evidence fragment, when the attested hash commits to it: a report named in a URI the hash does not commit
 * to is not bound (off-chain work may hash its evidence another way).
 */
function committedFragment(c: ChainContribution, bindings: EvidenceBindings | undefined): string | undefined {
  try {
    return evidenceFragmentOf(c, bindings);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return undefined;
    throw error;
  }
}

function attestedOf(c: ChainContribution): CostParts {
  return { laborMicroUsd: c.laborMicroUsd, toolsMicroUsd: c.toolsMicroUsd, computeMicroUsd: c.computeMicroUsd };
}
