/**
 * Recomputes an epoch from chain data and its published manifest, and says exactly where anything differs: the
 * manifest's bytes against the on-chain hash, its inputs against the chain's logs over the epoch's block range,
 * its previous totals against the previous epoch's manifest, the chain state it commits against the previous
 * epoch's committed state folded over its range (or, with `full`, every log since deployment), its leaves and
 * roots against a fresh computation, and (optionally) every score against a fresh measurement.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  BaseError,
  type CostCheck,
  canonicalJson,
  costCheckSchema,
  type Deployment,
  type Hex,
  jsonText,
  MANIFEST_FORMAT_V1,
  type PriceTable,
} from "@coherence/protocol";
import type { PublicClient } from "viem";
import type { ChainState } from "../chain/chainState.ts";
import { ChainStateMissingError, chainStateHash } from "../chain/chainStateFile.ts";
import { epochLookup } from "../chain/epochLookup.ts";
import {
  type ChainAsset,
  type ChainContribution,
  type ChainEpoch,
  type ProposalStatus,
  readChain,
} from "../chain/readChain.ts";
import { type CostChecks, costChecksOf } from "../costs/costChecksOf.ts";
import { CostStore } from "../costs/costStore.ts";
import { type EvidenceBindings, evidenceBindingsOf } from "../operator/evidence.ts";
import type { ManifestStore } from "../operator/manifestStore.ts";
import { scoreForEpoch, unscorableReasons } from "../operator/scoreForEpoch.ts";
import { scoringOrder } from "../operator/scoringOrder.ts";
import type { OnProgress } from "../progress/progress.ts";
import type { ScoringConfig } from "../scoring/config.ts";
import type { ReviewScore } from "../scoring/reviewScore.ts";
import { ASSET_KINDS } from "../scoring/scoreContribution.ts";
import { type EpochScoreRecord, toEpochScore } from "../scoring/scoreRecord.ts";
import { ScoreStore } from "../scoring/scoreStore.ts";
import { type AuditedManifest, readForAudit, recomputationFindings } from "./auditManifest.ts";

/** One thing that does not match, with where to look. */
export type AuditFinding = { check: string; message: string };

export type AuditEpochReturnType = {
  epoch: bigint;
  status: ProposalStatus;
  /** The checks that ran, in order. */
  checks: string[];
  findings: AuditFinding[];
  ok: boolean;
};

export type AuditEpochParameters = {
  client: PublicClient;
  deployment: Deployment;
  epoch: bigint;
  manifests: ManifestStore;
  /** Re-measure every score with this config (and reviews) and compare; skipped when absent. */
  rescore?: { scoring: ScoringConfig; reviews: Readonly<Record<string, ReviewScore>> };
  /**
   * Re-check every cost report of a v2 manifest from the published cost documents, with the manifest's policy
   * and approvals; the repositories are where the work's windows are read. Skipped when absent.
   */
  recheckCosts?: { store: CostStore; priceTables: ReadonlyMap<Hex, PriceTable>; scoring: ScoringConfig };
  /**
   * Read the epoch's chain data from deployment, and check that the state it commits is what every log since
   * deployment folds to, besides what the previous epoch's committed state folded over the epoch's range gives.
   */
  full?: boolean | undefined;
  /** Stop listing differences of one kind after this many. */
  maxFindingsPerCheck?: number;
  onProgress?: OnProgress | undefined;
};

/** The epoch was never proposed on this chain. */
export class UnknownEpochError extends BaseError {
  override name = "UnknownEpochError";
}

const show = (v: unknown): string => (typeof v === "bigint" ? v.toString() : jsonText(v));

/**
 * @example
 * const report = await auditEpoch({ client, deployment, epoch: 3n, manifests: new ManifestStore("manifests") });
 * if (!report.ok) for (const f of report.findings) console.log(`${f.check}: ${f.message}`);
 */
export async function auditEpoch(parameters: AuditEpochParameters): Promise<AuditEpochReturnType> {
  const { client, deployment, epoch, manifests } = parameters;
  const limit = parameters.maxFindingsPerCheck ?? 10;
  const latest = await client.getBlockNumber();
  const { onProgress } = parameters;
  // The epoch's and the previous finalised one's own logs, not every log since deployment.
  const epochs = epochLookup({ client, deployment, blockNumber: latest });
  const proposal = await epochs.proposal(epoch);
  if (proposal === undefined)
    throw new UnknownEpochError(`Epoch ${epoch} was never proposed on chain ${deployment.chainId}.`);

  const checks: string[] = [];
  const findings: AuditFinding[] = [];
  const find = (check: string, messages: string[]) => {
    for (const message of messages.slice(0, limit)) findings.push({ check, message });
    if (messages.length > limit) findings.push({ check, message: `... and ${messages.length - limit} more` });
  };

  // 1. The manifest's bytes, streamed and validated once, keeping only what the checks below need.
  checks.push("manifest");
  let manifest: AuditedManifest;
  try {
    manifest = await readForAudit(createReadStream(manifests.pathOf(epoch), { highWaterMark: 1 << 20 }), {
      keepChecks: parameters.recheckCosts !== undefined,
    });
  } catch (error) {
    find("manifest", [error instanceof Error ? error.message : String(error)]);
    return { epoch, status: proposal.status, checks, findings, ok: false };
  }
  checks.push("manifest hash");
  const { contentHash } = manifest;
  if (contentHash !== proposal.manifestHash.toLowerCase()) {
    find("manifest hash", [`the manifest's bytes hash to ${contentHash}; the chain recorded ${proposal.manifestHash}`]);
  }

  // 2. What the manifest says the epoch is, against what was proposed on-chain.
  checks.push("proposal");
  find("proposal", compareProposal(manifest, proposal));

  // 3. The previous finalised epoch's manifest, as the chain recorded it: its totals and the chain state it commits.
  const previous = await epochs.finalisedBefore(epoch);
  let previousTotals = new Map<string, string>();
  let previousState: { epoch: bigint; state: ChainState } | undefined;
  if (previous !== undefined) {
    try {
      const totals = new Map<string, string>();
      let committed: AuditedManifest["chainState"];
      await manifests.scan(previous.epoch, previous.manifestHash, {
        header: (h) => {
          committed = h.chainState;
        },
        elements: { leaves: (l) => void totals.set(`${l.account} ${l.token}`, l.cumulative.toString()) },
      });
      previousTotals = totals;
      // A state after this epoch's first block (an epoch revoked and covered again) cannot start its read.
      if (committed !== undefined && manifest.chainState !== undefined && committed.block < proposal.fromBlock) {
        const from = committed;
        previousState = await manifests.readState(previous.epoch, from).then(
          (state) => ({ epoch: previous.epoch, state }),
          (error: unknown) => {
            // Either way the epoch is read from deployment instead, so its inputs and state are still checked; a
            // state that is not published is no fault of the epoch's, one that is not the committed one is.
            if (!(error instanceof ChainStateMissingError)) {
              find("chain state", [
                `epoch ${previous.epoch}'s committed state cannot be used: ${(error as Error).message}`,
              ]);
            }
            return undefined;
          },
        );
      }
    } catch (error) {
      find("previous totals", [`epoch ${previous.epoch}'s manifest cannot be used: ${(error as Error).message}`]);
    }
  }

  // 4. Inputs against the chain's logs over the epoch's range, read on from the previous epoch's committed state.
  checks.push("inputs");
  const read = (since: ChainState | undefined) =>
    readChain({ client, deployment, fromBlock: proposal.fromBlock, toBlock: proposal.toBlock, onProgress, since });
  const chain = await read(parameters.full ? undefined : previousState?.state);
  const chainRevenue = new Map<string, bigint>();
  for (const r of chain.revenue) {
    const key = `asset ${r.assetId} ${r.token.toLowerCase()}`;
    chainRevenue.set(key, (chainRevenue.get(key) ?? 0n) + r.pool);
  }
  find("inputs", [
    ...diffMaps(
      "asset",
      // The manifest lists parents by id; the chain, in registration order.
      new Map(
        chain.assets.map((a) => [
          `${a.id}`,
          show([...a.parents].sort((x, y) => (x.assetId < y.assetId ? -1 : 1)).map((p) => [p.assetId, p.weightBps])),
        ]),
      ),
      new Map(manifest.inputs.assets.map((a) => [`${a.id}`, show(a.parents.map((p) => [p.assetId, p.weightBps]))])),
    ),
    ...diffMaps(
      "contribution",
      new Map(
        chain.contributions.map((c) => [
          c.id.toLowerCase(),
          show([c.assetId, c.contributor.toLowerCase(), c.laborMicroUsd, c.toolsMicroUsd, c.computeMicroUsd]),
        ]),
      ),
      new Map(
        manifest.inputs.contributions.map((c, i) => {
          const { laborMicroUsd, toolsMicroUsd, computeMicroUsd } = manifest.attested(i);
          return [
            c.id.toLowerCase(),
            show([c.assetId, c.contributor.toLowerCase(), laborMicroUsd, toolsMicroUsd, computeMicroUsd]),
          ];
        }),
      ),
    ),
    ...diffMaps(
      "pool revenue of",
      new Map([...chainRevenue].map(([k, v]) => [k, v.toString()])),
      new Map(manifest.inputs.revenue.map((r) => [`asset ${r.assetId} ${r.token.toLowerCase()}`, r.amount.toString()])),
    ),
  ]);

  // 3b. Every cost check, redone from the published reports and rate cards.
  // The bindings of attestations whose URI names only the work, published with the cost documents.
  const bindings =
    parameters.recheckCosts === undefined && parameters.rescore === undefined
      ? new Map<string, string>()
      : await evidenceBindingsOf(
          parameters.recheckCosts?.store ?? CostStore.beside(parameters.manifests.directory),
          chain.contributions,
        );
  if (
    manifest.checks !== undefined &&
    parameters.recheckCosts !== undefined &&
    manifest.format !== MANIFEST_FORMAT_V1
  ) {
    checks.push("costs");
    find("costs", await recheckCosts(manifest, manifest.checks, { ...chain, bindings }, parameters.recheckCosts));
  }

  // 5. Previous cumulative totals against the previous finalised epoch's manifest.
  checks.push("previous totals");
  find(
    "previous totals",
    diffMaps(
      "previous total of",
      previousTotals,
      new Map(manifest.inputs.previous.map((p) => [`${p.account} ${p.token}`, p.amount.toString()])),
    ),
  );

  // 6. The chain state the manifest commits: the previous epoch's folded over this epoch's range (or, without a
  // previous state, every log since deployment), and with `full` both.
  if (manifest.chainState !== undefined) {
    checks.push("chain state");
    const committed = manifest.chainState;
    const messages: string[] = [];
    const compare = async (state: ChainState, how: string) => {
      const hash = await chainStateHash(state);
      if (hash !== committed.hash || state.block !== committed.block) {
        messages.push(
          `the manifest commits state ${committed.hash} at block ${committed.block}; ${how} gives ${hash} at block ${state.block}`,
        );
      }
    };
    const from =
      previousState === undefined
        ? "every log since deployment"
        : `epoch ${previousState.epoch}'s state and the epoch's logs`;
    if (!parameters.full) await compare(chain.state, from);
    else {
      await compare(chain.state, "every log since deployment");
      if (previousState !== undefined) await compare((await read(previousState.state)).state, from);
    }
    find("chain state", messages);
  }

  // 7. A fresh computation from the manifest's inputs.
  checks.push("recomputation");
  find("recomputation", recomputationFindings(manifest));

  // 8. Scores, measured again from the repositories.
  if (parameters.rescore !== undefined) {
    checks.push("scores");
    find(
      "scores",
      await rescore(manifest, chain, await epochs.proposals(), { ...parameters.rescore, bindings }, onProgress),
    );
  }

  return { epoch, status: proposal.status, checks, findings, ok: findings.length === 0 };
}

/** Differences between the manifest's cost checks and checks redone with its policy and approvals. */
async function recheckCosts(
  manifest: AuditedManifest,
  kept: NonNullable<AuditedManifest["checks"]>,
  {
    contributions,
    assets,
    bindings,
  }: { contributions: readonly ChainContribution[]; assets: readonly ChainAsset[]; bindings: EvidenceBindings },
  inputs: NonNullable<AuditEpochParameters["recheckCosts"]>,
): Promise<string[]> {
  const policy = manifest.config.costs!;
  const findings: string[] = [];
  const published = [...inputs.priceTables.keys()].sort();
  if (show(policy.priceTables) !== show(published)) {
    findings.push(
      `price tables: the manifest accepts ${show(policy.priceTables)}, the published ones are ${show(published)}`,
    );
  }
  const approvals = Object.fromEntries(
    kept.costs.flatMap((c) => (c.approval === null ? [] : [[c.contributionId, c.approval]])),
  );
  let redone: CostChecks;
  try {
    redone = await costChecksOf({
      store: inputs.store,
      priceTables: inputs.priceTables,
      config: { ...policy, approvals },
      contributions,
      assets,
      scoring: inputs.scoring,
      // The manifest's own records say which were unscorable; a rescore checks those records.
      unscorable: unscorableReasons(kept.scores.map((score) => score.metrics as unknown as EpochScoreRecord)),
      bindings,
    });
  } catch (error) {
    return [...findings, `the costs cannot be checked again here: ${(error as Error).message}`];
  }
  const text = (check: CostCheck) => canonicalJson(costCheckSchema.encode(check));
  return [
    ...findings,
    ...diffMaps(
      "cost check of",
      new Map(redone.checks.map((c) => [c.contributionId.toLowerCase(), text(c)])),
      new Map(kept.costs.map((c) => [c.contributionId, text(c)])),
      "checked again",
    ),
  ];
}

function compareProposal(manifest: AuditedManifest, proposal: ChainEpoch): string[] {
  const m = manifest.epoch;
  const pairs: [string, unknown, unknown][] = [
    ["epoch", m.number, proposal.epoch],
    ["fromBlock", m.fromBlock, proposal.fromBlock],
    ["toBlock", m.toBlock, proposal.toBlock],
    ["payoutRoot", m.payoutRoot, proposal.payoutRoot.toLowerCase()],
    ["scoresRoot", m.scoresRoot, proposal.scoresRoot.toLowerCase()],
    ["tokens", m.tokens.map((t) => t.token.toLowerCase()), proposal.tokens.map((t) => t.toLowerCase())],
    ["totals", m.tokens.map((t) => t.cumulative), proposal.totals],
  ];
  return pairs
    .filter(([, a, b]) => show(a) !== show(b))
    .map(([field, a, b]) => `${field}: manifest ${show(a)}, on-chain ${show(b)}`);
}

/** Differences between an expected map (`chain`, or a recomputation) and the manifest's, by key. */
function diffMaps(
  what: string,
  expected: Map<string, string>,
  manifest: Map<string, string>,
  expectedName = "chain",
): string[] {
  const out: string[] = [];
  for (const [key, value] of expected) {
    const theirs = manifest.get(key);
    if (theirs === undefined) out.push(`${what} ${key}: in the ${expectedName} (${value}) but not in the manifest`);
    else if (theirs !== value) out.push(`${what} ${key}: manifest ${theirs}, ${expectedName} ${value}`);
  }
  for (const [key, value] of manifest) {
    if (!expected.has(key)) out.push(`${what} ${key}: in the manifest (${value}) but not in the ${expectedName}`);
  }
  return out;
}

/** Measures every score of the manifest again, in the operators' canonical order (see `scoringOrder`). */
async function rescore(
  manifest: AuditedManifest,
  chain: Awaited<ReturnType<typeof readChain>>,
  proposals: readonly ChainEpoch[],
  { scoring, reviews, bindings }: NonNullable<AuditEpochParameters["rescore"]> & { bindings: EvidenceBindings },
  onProgress: OnProgress | undefined,
): Promise<string[]> {
  const directory = await mkdtemp(path.join(tmpdir(), "ccn-audit-scores-"));
  try {
    const store = await ScoreStore.open(directory);
    const kinds = new Map(chain.assets.map((a) => [a.id, ASSET_KINDS[a.kind] ?? "Other"]));
    const byId = new Map(chain.contributions.map((c) => [c.id.toLowerCase(), c]));
    const out: string[] = [];
    const scores = new Map(manifest.scores.map((score) => [score.contributionId.toLowerCase(), score]));
    // Contributions missing from the chain are reported by the inputs check.
    const measured = manifest.scores.flatMap((score) => byId.get(score.contributionId.toLowerCase()) ?? []);
    let done = 0;
    const progress = () => onProgress?.({ phase: "measuring scores again", done, total: measured.length });
    progress();
    for (const c of scoringOrder(measured, proposals, manifest.epoch.number)) {
      const score = scores.get(c.id.toLowerCase())!;
      try {
        const { record } = await scoreForEpoch(c, kinds.get(c.assetId) ?? "Other", {
          scoring,
          reviews,
          store,
          bindings,
        });
        const fresh = toEpochScore(record);
        if (fresh.coherenceBps !== score.coherenceBps || fresh.metricsHash !== score.metricsHash.toLowerCase()) {
          out.push(
            `score of ${c.id}: manifest ${score.coherenceBps} bps (metrics ${score.metricsHash}), measured ${fresh.coherenceBps} bps (metrics ${fresh.metricsHash})`,
          );
        }
      } catch (error) {
        out.push(`score of ${c.id}: cannot be measured again: ${(error as Error).message.split("\n")[0]}`);
      }
      ++done;
      progress();
    }
    return out;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
