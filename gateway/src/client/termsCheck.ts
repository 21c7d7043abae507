/**
 * What the payer's client checks against the asset's terms as the MeteringEscrow publishes them (`termsOf`), so
 * that it never counter-signs a price the asset's owner did not set: the gateway's listing must state those terms
 * for this runner and token, and every record's price must be a whole number of its units at the price per unit
 * (the rest free), never more. Each check names what disagrees, or gives undefined.
 */
import type { RecordOfRun } from "@coherence/protocol";
import type { Address } from "viem";

import type { Terms } from "../metering/charge.ts";
import { RefusedError } from "../refusedError.ts";

export type TermsDisagreement = "listing" | "record-price";

/** The gateway's listing or a record disagrees with the asset's terms on-chain; nothing was signed for it. */
export class TermsDisagreeError extends RefusedError<TermsDisagreement> {
  override name = "TermsDisagreeError";
}

/** One composable as `GET /v1/composables` lists it (numbers as decimal strings). */
export type ListedComposable = {
  readonly assetId: string;
  readonly token: string;
  readonly runner: string;
  readonly terms: { readonly pricePerUnit: string; readonly freeUnitsPerPeriod: string };
  readonly hostingFeeBps: string;
};

/**
 * @example
 * listingDisagreement(listed, await chain.terms(assetId, token), { runner, token }) // undefined when it agrees
 */
export function listingDisagreement(
  listed: ListedComposable,
  onChain: Terms,
  expected: { readonly runner: Address; readonly token: Address },
): string | undefined {
  if (listed.runner.toLowerCase() !== expected.runner.toLowerCase()) return `names runner ${listed.runner}`;
  if (listed.token.toLowerCase() !== expected.token.toLowerCase()) return `is paid in ${listed.token}`;
  const { pricePerUnit, freeUnitsPerPeriod } = listed.terms;
  if (pricePerUnit !== String(onChain.pricePerUnit) || freeUnitsPerPeriod !== String(onChain.freeUnitsPerPeriod)) {
    return `says ${pricePerUnit} a unit after ${freeUnitsPerPeriod} free, where the escrow says ${onChain.pricePerUnit} after ${onChain.freeUnitsPerPeriod}`;
  }
  return undefined;
}

/**
 * @example
 * recordPriceDisagreement({ ...record, units: 1n, price: 2_000_000n }, { pricePerUnit: 1_000_000n, freeUnitsPerPeriod: 0n })
 * // "charges 2000000 for 1 units at 1000000 a unit"
 */
export function recordPriceDisagreement(record: RecordOfRun, onChain: Pick<Terms, "pricePerUnit">): string | undefined {
  const { pricePerUnit } = onChain;
  const whole = pricePerUnit === 0n ? record.price === 0n : record.price % pricePerUnit === 0n;
  if (whole && (pricePerUnit === 0n || record.price / pricePerUnit <= record.units)) return undefined;
  return `charges ${record.price} for ${record.units} units at ${pricePerUnit} a unit`;
}
