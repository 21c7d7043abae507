/**
 * Takes a payer's counter-signed voucher for its channel: it must be signed by the payer, name this runner, and
 * say exactly what the book says the channel owed right after the payer's run of the voucher's nonce (units,
 * amount, hosting fee, and the period of the latest of those runs). A payer cannot sign for less than it ran and
 * a runner cannot redeem more than the payer signed, so neither side inflates or deflates usage alone; the escrow
 * then redeems only the increase over the last voucher it paid.
 */
import { type Hex, type MeteringEscrowRef, type Voucher, verifyMetering } from "@coherence/protocol";
import type { Address } from "viem";

import type { UsageBook } from "../metering/usageBook.ts";
import { RefusedError } from "../refusedError.ts";

export type VoucherRefusal = "other-runner" | "bad-signature" | "unknown-nonce" | "wrong-totals" | "stale";

/** A voucher this gateway does not take, with the reason in `code`; the book is unchanged. */
export class VoucherRefusedError extends RefusedError<VoucherRefusal> {
  override name = "VoucherRefusedError";
}

/**
 * @example
 * await acceptVoucher(book, { escrow, runner: account.address }, voucher, signature);
 */
export async function acceptVoucher(
  book: UsageBook,
  gateway: { readonly escrow: MeteringEscrowRef; readonly runner: Address },
  voucher: Voucher,
  signature: Hex,
): Promise<void> {
  if (voucher.runner.toLowerCase() !== gateway.runner.toLowerCase()) {
    throw new VoucherRefusedError("other-runner", `the voucher is for runner ${voucher.runner}, not ${gateway.runner}`);
  }
  if (!(await verifyMetering(gateway.escrow, { kind: "voucher", value: voucher }, signature))) {
    throw new VoucherRefusedError("bad-signature", `the voucher is not signed by its payer ${voucher.payer}`);
  }
  const at = book.owedAt(voucher.payer, voucher.assetId, voucher.token, voucher.nonce);
  if (at === undefined) {
    throw new VoucherRefusedError("unknown-nonce", `${voucher.payer} has no run of nonce ${voucher.nonce} here`);
  }
  const { owed, period } = at;
  if (
    voucher.units !== owed.units ||
    voucher.amount !== owed.amount ||
    voucher.hostingFee !== owed.hostingFee ||
    voucher.period !== period
  ) {
    throw new VoucherRefusedError(
      "wrong-totals",
      `after run ${voucher.nonce} the channel owed ${owed.units} units, ${owed.amount} to the asset and ${owed.hostingFee} in hosting fees up to period ${period}; the voucher says ${voucher.units}, ${voucher.amount}, ${voucher.hostingFee} and ${voucher.period}`,
    );
  }
  if (!book.keepVoucher(voucher, signature)) {
    throw new VoucherRefusedError("stale", `a voucher of nonce ${voucher.nonce} or later is already held`);
  }
}
