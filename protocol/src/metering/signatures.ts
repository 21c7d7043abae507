/**
 * Hashing, signing and checking the metering statements with viem: one function of each kind for the three
 * statements, so the gateway, the payer's client and tests share them. Checks here recover an EOA's signature;
 * a smart-contract payer (ERC-1271) is checked on-chain with a public client's `verifyTypedData`, as the escrow does.
 */
import {
  type Address,
  type Hex,
  hashTypedData,
  type LocalAccount,
  recoverTypedDataAddress,
  type TypedDataDefinition,
} from "viem";

import {
  type MeteringEscrowRef,
  type RecordOfRun,
  recordOfRunTypedData,
  type Session,
  sessionTypedData,
  type Voucher,
  voucherTypedData,
} from "./typedData.ts";

/** A metering statement: which kind, and its value. */
type Statement =
  | { kind: "voucher"; value: Voucher }
  | { kind: "recordOfRun"; value: RecordOfRun }
  | { kind: "session"; value: Session };

/** The statement's typed data, widened to one type so the three kinds share the helpers below. */
function typedDataOf(escrow: MeteringEscrowRef, statement: Statement): TypedDataDefinition {
  switch (statement.kind) {
    case "voucher":
      return voucherTypedData(escrow, statement.value);
    case "recordOfRun":
      return recordOfRunTypedData(escrow, statement.value);
    case "session":
      return sessionTypedData(escrow, statement.value);
  }
}

/** Who must have signed a statement: the payer signs vouchers and sessions, the runner records of run. */
export function signerOf(statement: Statement): Address {
  return statement.kind === "recordOfRun" ? statement.value.runner : statement.value.payer;
}

/**
 * The EIP-712 digest of a statement, as `MeteringEscrow.voucherDigest` computes it for a voucher.
 *
 * @example
 * const digest = meteringDigest(escrow, { kind: "voucher", value: voucher });
 */
export function meteringDigest(escrow: MeteringEscrowRef, statement: Statement): Hex {
  return hashTypedData(typedDataOf(escrow, statement));
}

/**
 * Signs a statement with a local account (a gateway's runner key, a test payer); a wallet signs the same typed data
 * (`voucherTypedData`…) with `walletClient.signTypedData`.
 *
 * @example
 * const signature = await signMetering(runner, escrow, { kind: "recordOfRun", value: record });
 */
export async function signMetering(
  account: LocalAccount,
  escrow: MeteringEscrowRef,
  statement: Statement,
): Promise<Hex> {
  return await account.signTypedData(typedDataOf(escrow, statement));
}

/**
 * Whether `signature` is the EOA signature of the statement's signer ({@link signerOf}). A malformed signature is
 * not the signer's: false, never a throw.
 *
 * @example
 * if (!(await verifyMetering(escrow, { kind: "session", value: session }, signature))) reply(401);
 */
export async function verifyMetering(
  escrow: MeteringEscrowRef,
  statement: Statement,
  signature: Hex,
): Promise<boolean> {
  try {
    const recovered = await recoverTypedDataAddress({ ...typedDataOf(escrow, statement), signature });
    return recovered.toLowerCase() === signerOf(statement).toLowerCase();
  } catch {
    return false;
  }
}

export type { Statement as MeteringStatement };
