/**
 * What one run costs its payer, from the asset's published terms: the units inside the payer's free tier for the
 * period are free, the rest are paid at the owner's price per unit, and the runner's hosting fee is its basis
 * points of that amount, rounded down (the payer never pays a fraction the contract would not). Integer only.
 */
export type Terms = {
  /** In the token's smallest unit. */
  readonly pricePerUnit: bigint;
  readonly freeUnitsPerPeriod: bigint;
};

export type Charge = {
  readonly units: bigint;
  readonly freeUnits: bigint;
  readonly paidUnits: bigint;
  /** Owed to the asset: `paidUnits × pricePerUnit`. */
  readonly amount: bigint;
  /** Owed to the runner. */
  readonly hostingFee: bigint;
};

const BPS = 10_000n;

/**
 * @example
 * chargeOf(5n, 8n, { pricePerUnit: 1000n, freeUnitsPerPeriod: 10n }, 1000n)
 * // { units: 5n, freeUnits: 2n, paidUnits: 3n, amount: 3000n, hostingFee: 300n }
 */
export function chargeOf(units: bigint, usedThisPeriod: bigint, terms: Terms, hostingFeeBps: bigint): Charge {
  if (units <= 0n) throw new RangeError(`a run is at least one unit, not ${units}`);
  if (hostingFeeBps < 0n || hostingFeeBps > BPS)
    throw new RangeError(`hosting fee ${hostingFeeBps} bps is not 0-10000`);
  const freeLeft = terms.freeUnitsPerPeriod > usedThisPeriod ? terms.freeUnitsPerPeriod - usedThisPeriod : 0n;
  const freeUnits = units < freeLeft ? units : freeLeft;
  const paidUnits = units - freeUnits;
  const amount = paidUnits * terms.pricePerUnit;
  return { units, freeUnits, paidUnits, amount, hostingFee: (amount * hostingFeeBps) / BPS };
}
