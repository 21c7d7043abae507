/** Values as the indexer's GraphQL answers them (bigints as decimal strings), parsed. */

/** A BigInt column's value. */
export const big = (value: unknown): bigint => BigInt(String(value));

/** A nullable BigInt column's value. */
export const bigOrNull = (value: unknown): bigint | null =>
  value === null || value === undefined ? null : BigInt(String(value));
