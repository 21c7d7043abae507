/**
 * A pinned, versioned table of token prices, `coherence-price-table-v1`: per provider and model, micro-USD per
 * million input, output, cache-read and cache-write tokens, with where each price came from. A cost report
 * records the table's `canonicalHash`, so its token lines can be recomputed from exactly the prices used.
 */
import { canonicalHash } from "../manifest/canonicalJson.ts";
import { array, firstRepeat, type Infer, literal, object, optional, refine, string } from "../schema.ts";
import { microUsdSchema } from "./microUsd.ts";

export const PRICE_TABLE_FORMAT = "coherence-price-table-v1";

const name = string({ minLength: 1 });

export const modelPriceSchema = object(
  {
    /** Other spellings of the model that providers report (dated snapshots: `claude-sonnet-4-5-20250929`). */
    aliases: optional(array(name)),
    cacheReadMicroUsdPerMillion: microUsdSchema,
    cacheWriteMicroUsdPerMillion: microUsdSchema,
    /** Input tokens neither read from nor written to the cache. */
    inputMicroUsdPerMillion: microUsdSchema,
    /** `gen_ai.request.model`. */
    model: name,
    outputMicroUsdPerMillion: microUsdSchema,
    /** `gen_ai.provider.name`. */
    provider: name,
    /** Where the prices were read, and any simplification. */
    source: name,
  },
  { sorted: true },
);
export type ModelPrice = Infer<typeof modelPriceSchema>;

/**
 * @example
 * const table = parse(priceTableSchema, JSON.parse(text), { source: "price-table-2026-12-01.json" });
 */
export const priceTableSchema = refine(
  object(
    {
      /** The day the prices were read from their sources, `YYYY-MM-DD`. */
      asOf: string({ pattern: /^\d{4}-\d{2}-\d{2}$/, expected: "a date such as 2026-12-01" }),
      format: literal(PRICE_TABLE_FORMAT),
      models: array(modelPriceSchema, { min: 1 }),
      /** The table's version; a new version is a new table with a new hash. */
      version: name,
    },
    { sorted: true },
  ),
  (table, problem) => {
    const names = table.models.flatMap((price, i) =>
      [price.model, ...(price.aliases ?? [])].map((model) => ({ i, key: `${price.provider}/${model}` })),
    );
    const repeat = firstRepeat(names, (n) => n.key);
    if (repeat !== undefined) problem(["models", names[repeat]!.i], `prices ${names[repeat]!.key} a second time`);
  },
);
export type PriceTable = Infer<typeof priceTableSchema>;

/**
 * The hash a cost report records for the table: `canonicalHash` of its JSON.
 *
 * @example
 * priceTableHash(table) // "0x…"
 */
export function priceTableHash(table: PriceTable): `0x${string}` {
  return canonicalHash(priceTableSchema.encode(table));
}

/**
 * The table's prices of `model` from `provider` (by name or alias, exactly: a near miss such as `gpt-4o` for
 * `gpt-4o-mini` must not price silently), or undefined.
 *
 * @example
 * findModelPrice(table, "anthropic", "claude-sonnet-4-5-20250929")?.outputMicroUsdPerMillion // 15_000_000n
 */
export function findModelPrice(table: PriceTable, provider: string, model: string): ModelPrice | undefined {
  return table.models.find(
    (price) => price.provider === provider && (price.model === model || (price.aliases ?? []).includes(model)),
  );
}
