/**
 * The manifest side of an audit, in bounded memory: the manifest is streamed and validated once
 * (../manifest/scanManifest.ts), keeping only what recomputing the epoch needs (the inputs, each contribution
 * weighing its paid costs, the scores without their metric records) and the leaves as packed columns to compare
 * with, then the epoch is recomputed and compared leaf by leaf. Explanations, flows and metric records pass by;
 * the audit of a million-account epoch holds no decoded manifest.
 */
import type {
  CostCheck,
  CostParts,
  CumulativeTotal,
  EpochAsset,
  EpochContribution,
  EpochScore,
  Hex,
  ManifestHeader,
  ManifestScoreEntry,
  ManifestVisitor,
  PoolRevenue,
} from "@coherence/protocol";
import { bytesToHex, hexInto } from "@coherence/protocol";
import { EMPTY_ROOT, makeScoresTree, payoutLeafOf } from "../epoch/commitEpoch.ts";
import { computeEpoch } from "../epoch/computeEpoch.ts";
import type { EpochInput } from "../epoch/types.ts";
import { scanManifest } from "../manifest/scanManifest.ts";
import { makePayoutTree } from "../merkle/payoutTree.ts";

/** What an audit keeps of a manifest. */
export type AuditedManifest = ManifestHeader & {
  contentHash: Hex;
  byteLength: number;
  inputs: {
    assets: EpochAsset[];
    /** Each contribution with its paid costs (`inputs.costs[].paid`) in place of the attested ones. */
    contributions: EpochContribution[];
    previous: CumulativeTotal[];
    revenue: PoolRevenue[];
  };
  /** The costs the ledger attested for contribution `i` (the manifest's `inputs.contributions[i]`). */
  attested(i: number): CostParts;
  scores: EpochScore[];
  leaves: LeafColumns;
  /** With `keepChecks`: every cost check and every score with its metric record, for a recheck or a rescore. */
  checks?: { costs: CostCheck[]; scores: ManifestScoreEntry[] };
};

/**
 * The manifest's leaves as columns, ascending by (account, token) as the checker proved. Accounts are packed, 20
 * bytes each (see {@link leafAccount}): a million of them as strings would be some 60 MB more held through the
 * recomputation, whose peak is the audit's.
 */
export type LeafColumns = {
  length: number;
  accounts: Uint8Array;
  token: string[];
  cumulative: bigint[];
  amount: bigint[];
};

/** The account of leaf `k`, lower case as the manifest writes it. */
export const leafAccount = (leaves: LeafColumns, k: number): string => bytesToHex(leaves.accounts, 20 * k, 20);

/**
 * Streams and validates a manifest, keeping what an audit needs. Throws as `scanManifest` does.
 *
 * @example
 * const manifest = await readForAudit(createReadStream("epoch-7.json"));
 * const differences = recomputationFindings(manifest);
 */
export async function readForAudit(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: { keepChecks?: boolean } = {},
): Promise<AuditedManifest> {
  const assets: EpochAsset[] = [];
  const contributions: EpochContribution[] = [];
  // Packed, as they are only read back for the inputs check: labor, tools, compute per contribution.
  let attested = new BigUint64Array(3 * 1024);
  const previous: CumulativeTotal[] = [];
  const revenue: PoolRevenue[] = [];
  const scores: EpochScore[] = [];
  const leaves: LeafColumns = { length: 0, accounts: new Uint8Array(20 * 1024), token: [], cumulative: [], amount: [] };
  const checks = options.keepChecks ? { costs: [] as CostCheck[], scores: [] as ManifestScoreEntry[] } : undefined;
  const tokens = new Map<string, string>();
  // Each contribution's asset id as the asset's own bigint: an epoch of a million contributions to a few assets
  // would otherwise hold a million equal bigints.
  const assetIds = new Map<bigint, bigint>();
  const visitor: ManifestVisitor = {
    header: (header) => {
      for (const { token } of header.epoch.tokens) tokens.set(token, token);
    },
    elements: {
      "inputs.assets": (a) => {
        assetIds.set(a.id, a.id);
        assets.push(a);
      },
      "inputs.contributions": (c, i) => {
        if (3 * i + 3 > attested.length) {
          const grown = new BigUint64Array(2 * attested.length);
          grown.set(attested);
          attested = grown;
        }
        attested.set([c.laborMicroUsd, c.toolsMicroUsd, c.computeMicroUsd], 3 * i);
        // The checker has found the asset (an unknown one rejects the whole read).
        c.assetId = assetIds.get(c.assetId) ?? c.assetId;
        contributions.push(c);
      },
      "inputs.costs": (check, i) => {
        // The checker has matched the check to contribution i (a mismatch rejects the whole read).
        const c = contributions[i];
        if (c !== undefined) Object.assign(c, check.paid);
        checks?.costs.push(check);
      },
      "inputs.previous": (p) => void previous.push(p),
      "inputs.revenue": (r) => void revenue.push(r),
      leaves: (l) => {
        if (20 * leaves.length + 20 > leaves.accounts.length) {
          const grown = new Uint8Array(2 * leaves.accounts.length);
          grown.set(leaves.accounts);
          leaves.accounts = grown;
        }
        hexInto(l.account, 20, leaves.accounts, 20 * leaves.length++);
        // One string per token, not one per leaf: the checker has found every leaf's token in the header.
        leaves.token.push(tokens.get(l.token) ?? l.token);
        leaves.cumulative.push(l.cumulative);
        // A new account's amount is its cumulative: one bigint for both.
        leaves.amount.push(l.amount === l.cumulative ? l.cumulative : l.amount);
      },
      scores: (s, i) => {
        // The checker has matched score i to contribution i: their equal ids are kept once.
        const contributionId = contributions[i]?.id ?? s.contributionId;
        scores.push({ contributionId, coherenceBps: s.coherenceBps, metricsHash: s.metricsHash });
        checks?.scores.push(s);
      },
    },
  };
  const { header, contentHash, byteLength } = await scanManifest(source, visitor);
  const packed = attested;
  return {
    ...header,
    contentHash,
    byteLength,
    inputs: { assets, contributions, previous, revenue },
    attested: (i) => ({
      laborMicroUsd: packed[3 * i]!,
      toolsMicroUsd: packed[3 * i + 1]!,
      computeMicroUsd: packed[3 * i + 2]!,
    }),
    scores,
    leaves,
    ...(checks !== undefined ? { checks } : {}),
  };
}

/** The epoch input recorded in an audited manifest: each contribution weighs its paid costs. */
export function auditedInput(manifest: AuditedManifest): EpochInput {
  return {
    ...manifest.inputs,
    scores: manifest.scores,
    config: { multiplier: manifest.config.multiplier, treasury: manifest.config.treasury },
  };
}

/**
 * Recomputes the epoch from the manifest's inputs and lists what differs: the roots, then every leaf the
 * recomputation and the manifest disagree on (as `leaf <account> <token>: manifest …, recomputed …`).
 */
export function recomputationFindings(manifest: AuditedManifest): string[] {
  const input = auditedInput(manifest);
  const { payoutRoot, leafFindings } = payoutFindings(input, manifest.leaves);
  // Built once the recomputed leaves are dropped: only its root is compared.
  const scoresRoot = makeScoresTree(input.scores)?.root ?? EMPTY_ROOT;
  const out: string[] = [];
  if (payoutRoot !== manifest.epoch.payoutRoot)
    out.push(`payout root: manifest ${manifest.epoch.payoutRoot}, recomputed ${payoutRoot}`);
  if (scoresRoot !== manifest.epoch.scoresRoot)
    out.push(`scores root: manifest ${manifest.epoch.scoresRoot}, recomputed ${scoresRoot}`);
  return [...out, ...leafFindings];
}

/** The recomputed payout root and the leaves that differ from `theirs`; the recomputation is dropped on return. */
function payoutFindings(input: EpochInput, theirs: LeafColumns): { payoutRoot: Hex; leafFindings: string[] } {
  // Amounts and roots are all that is compared: no explanations, which at a million accounts would be most of what
  // the recomputation holds.
  const { leaves: ours } = computeEpoch(input, { explain: false });
  const payoutRoot = ours.length === 0 ? EMPTY_ROOT : makePayoutTree(ours.map(payoutLeafOf)).root;
  // Both lists are ascending by (account, token): one merge, no maps of a million keys.
  const text = (cumulative: bigint, amount: bigint) => `cumulative ${cumulative} (this epoch ${amount})`;
  const out: string[] = [];
  const onlyTheirs: string[] = [];
  let j = 0;
  const n = theirs.length;
  // Leaf j's account, unpacked once per leaf.
  let account = n === 0 ? "" : leafAccount(theirs, 0);
  const next = () => {
    if (++j < n) account = leafAccount(theirs, j);
  };
  const order = (a: string, t: string): number => {
    const token = theirs.token[j]!;
    return a < account ? -1 : a > account ? 1 : t < token ? -1 : t > token ? 1 : 0;
  };
  for (const leaf of ours) {
    while (j < n && order(leaf.account, leaf.token) > 0) {
      onlyTheirs.push(manifestOnly(theirs, j, text));
      next();
    }
    // Text only for a difference: a million equal leaves build no strings.
    const expected = () => text(leaf.cumulative, leaf.amount);
    if (j < n && order(leaf.account, leaf.token) === 0) {
      if (theirs.cumulative[j] !== leaf.cumulative || theirs.amount[j] !== leaf.amount) {
        const found = text(theirs.cumulative[j]!, theirs.amount[j]!);
        out.push(`leaf ${leaf.account} ${leaf.token}: manifest ${found}, recomputed ${expected()}`);
      }
      next();
    } else out.push(`leaf ${leaf.account} ${leaf.token}: in the recomputed (${expected()}) but not in the manifest`);
  }
  for (; j < n; j++) onlyTheirs.push(manifestOnly(theirs, j, text));
  return { payoutRoot, leafFindings: [...out, ...onlyTheirs] };
}

function manifestOnly(leaves: LeafColumns, k: number, text: (c: bigint, a: bigint) => string): string {
  return `leaf ${leafAccount(leaves, k)} ${leaves.token[k]}: in the manifest (${text(leaves.cumulative[k]!, leaves.amount[k]!)}) but not in the recomputed`;
}
