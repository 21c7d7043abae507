/**
 * An asset's rate card, `coherence-rate-card-v1`: the roles its contributors may log time in and, for each, the
 * lowest and highest hourly rate in micro-USD the asset accepts, and the plausibility bounds beyond which a
 * reviewer, not the oracle, decides whether a cost is paid. A cost report records the card's `canonicalHash`, so
 * a verifier knows which card the labor was priced against; the asset's owner publishes that hash on-chain
 * (`AssetRegistry.setRateCard`).
 */
import { canonicalHash } from "../manifest/canonicalJson.ts";
import { type Infer, integer, literal, object, optional, record, refine, string } from "../schema.ts";
import { microUsdSchema } from "./microUsd.ts";

export const RATE_CARD_FORMAT = "coherence-rate-card-v1";

/** A role's name: lower-case words joined by dashes (`engineer`, `code-reviewer`). */
export const ROLE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const roleRateSchema = refine(
  object({ maxHourlyMicroUsd: microUsdSchema, minHourlyMicroUsd: microUsdSchema }, { sorted: true }),
  (rate, problem) => {
    if (rate.minHourlyMicroUsd > rate.maxHourlyMicroUsd) {
      problem(["minHourlyMicroUsd"], `exceeds maxHourlyMicroUsd (${rate.maxHourlyMicroUsd})`);
    }
  },
);
export type RoleRate = Infer<typeof roleRateSchema>;

/**
 * Bounds on what a plausible contribution costs. A contribution beyond one is held for a reviewer instead of
 * being paid: honest work is sometimes unusual, so a bound routes, it never refuses.
 */
export const plausibilitySchema = object(
  {
    /** Labor seconds per changed line of code (added plus deleted) of the attested commit range. */
    maxLaborSecondsPerChangedLine: optional(integer({ min: 1 })),
    /** The tools part as a share of the labor part, in basis points (20000: tools up to twice labor). */
    maxToolsToLaborBps: optional(integer()),
  },
  { sorted: true },
);
export type Plausibility = Infer<typeof plausibilitySchema>;

/**
 * @example
 * parse(rateCardSchema, { asset: "parser", format: "coherence-rate-card-v1",
 *   roles: { engineer: { maxHourlyMicroUsd: "200000000", minHourlyMicroUsd: "80000000" } } });
 */
export const rateCardSchema = object(
  {
    /** The asset the card belongs to, as its owners name it (a repository, a registry id). */
    asset: string({ minLength: 1 }),
    format: literal(RATE_CARD_FORMAT),
    /** None: nothing is held for review. */
    plausibility: optional(plausibilitySchema),
    roles: record(roleRateSchema, { key: ROLE_PATTERN, expectedKey: "a role name such as engineer or code-reviewer" }),
  },
  { sorted: true },
);
export type RateCard = Infer<typeof rateCardSchema>;

/**
 * The hash a cost report records for the card: `canonicalHash` of its JSON.
 *
 * @example
 * rateCardHash(parse(rateCardSchema, JSON.parse(text))) // "0x…"
 */
export function rateCardHash(card: RateCard): `0x${string}` {
  return canonicalHash(rateCardSchema.encode(card));
}
