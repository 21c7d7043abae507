/**
 * The oracle's cost checking settings (the `costs` block of `ccn.config.json`): whether a contribution must
 * bind a cost report to be paid, the margins of the work's window, and reviewers' approvals of contributions a
 * plausibility bound holds. What is published of it (with the price tables accepted) is the manifest's
 * `config.costs`, so an auditor checks with exactly the same rules.
 */
import {
  address,
  boolean,
  type CostCheck,
  type CostPolicy,
  type Hex,
  type Infer,
  integer,
  object,
  optional,
  type PriceTable,
  record,
  string,
  transform,
} from "@coherence/protocol";

/** Thirty days: work usually starts well before its first commit is pushed. */
export const DEFAULT_WINDOW_BEFORE_SECONDS = 30 * 24 * 3600;
/** One day: review and follow-up after the last commit. */
export const DEFAULT_WINDOW_AFTER_SECONDS = 24 * 3600;

const approvalSchema = transform(
  object({
    /** The reviewer's account. */
    reviewer: address(),
    /** Why the cost is plausible after all. */
    rationale: string({ pattern: /\S/, expected: "a written rationale" }),
  }),
  {
    decode: (a) => ({ reviewer: a.reviewer.toLowerCase() as Hex, rationale: a.rationale.trim() }),
    encode: (a) => a,
  },
);

export const costConfigSchema = object({
  /** Default false: a contribution without a bound report is paid as attested (and marked unreported). */
  requireReports: optional(boolean()),
  windowBeforeSeconds: optional(integer()),
  windowAfterSeconds: optional(integer()),
  /** Approvals of held contributions, by contribution id. */
  approvals: optional(
    record(approvalSchema, { key: /^0x[0-9a-fA-F]{64}$/, expectedKey: "a contribution id (0x and 64 hex digits)" }),
  ),
});
export type CostConfig = Infer<typeof costConfigSchema>;

/** The published policy of `config` with `priceTables` accepted. */
export function costPolicyOf(config: CostConfig | undefined, priceTables: ReadonlyMap<Hex, PriceTable>): CostPolicy {
  return {
    priceTables: [...priceTables.keys()].sort(),
    requireReports: config?.requireReports ?? false,
    windowAfterSeconds: config?.windowAfterSeconds ?? DEFAULT_WINDOW_AFTER_SECONDS,
    windowBeforeSeconds: config?.windowBeforeSeconds ?? DEFAULT_WINDOW_BEFORE_SECONDS,
  };
}

/** The approval of contribution `id`, or null. */
export function approvalOf(config: CostConfig | undefined, id: Hex): CostCheck["approval"] {
  const approvals = config?.approvals ?? {};
  const approval = approvals[id] ?? approvals[id.toLowerCase()];
  return approval === undefined ? null : { reviewer: approval.reviewer, rationale: approval.rationale };
}
