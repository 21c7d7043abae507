/**
 * An asset's rate card, `coherence-rate-card-v1`: the roles its contributors may log time in and, for each, the
 * lowest and highest hourly rate in micro-USD the asset accepts. A cost report records the card's
 * `canonicalHash`, so a verifier knows which card the labor was priced against.
 */
import { canonicalHash } from "../manifest/canonicalJson.ts";
import { type Infer, literal, object, record, refine, string } from "../schema.ts";
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
 * @example
 * parse(rateCardSchema, { asset: "parser", format: "coherence-rate-card-v1",
 *   roles: { engineer: { maxHourlyMicroUsd: "200000000", minHourlyMicroUsd: "80000000" } } });
 */
export const rateCardSchema = object(
  {
    /** The asset the card belongs to, as its owners name it (a repository, a registry id). */
    asset: string({ minLength: 1 }),
    format: literal(RATE_CARD_FORMAT),
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
