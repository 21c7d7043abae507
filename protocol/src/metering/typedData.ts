/**
 * The metering typed data (EIP-712, domain "Coherence Metering" version "1", bound to the MeteringEscrow's chain and
 * address): the payer's cumulative `Voucher` that the escrow redeems, the runner's `RecordOfRun` that the gateway
 * answers with and anchors per period, and the payer's `Session` that the gateway authenticates calls with. Field
 * names and order are the contract's (`IMeteringEscrow.Voucher`, `IMeteringEscrow.RecordOfRun`); viem and ethers
 * both accept these shapes.
 */
import type { Address, Hex } from "viem";

/** Domain name and version of the MeteringEscrow (chain id and address complete the domain). */
export const METERING_DOMAIN = { name: "Coherence Metering", version: "1" } as const;

/**
 * What a payer signs: a channel's (payer, runner, asset, token) cumulative units, amount owed to the asset and hosting
 * fee owed to the runner, the period of the latest use it covers and a nonce that only grows. The escrow pays the
 * increase over the channel's last redeemed voucher (`MeteringEscrow.redeem`).
 */
export const VOUCHER_TYPES = {
  Voucher: [
    { name: "payer", type: "address" },
    { name: "runner", type: "address" },
    { name: "assetId", type: "uint256" },
    { name: "token", type: "address" },
    { name: "units", type: "uint256" },
    { name: "amount", type: "uint256" },
    { name: "hostingFee", type: "uint256" },
    { name: "period", type: "uint64" },
    { name: "nonce", type: "uint64" },
  ],
} as const;

/**
 * What a runner signs for every run it answers: what ran (asset, bundle content hash), on what (input hash), with
 * what result (output hash, which a replay recomputes), for whom, how many units at what price, unique by
 * (payer, nonce), and when. The same ten fields, in this order, are the record's Merkle leaf ({@link RECORD_LEAF_ENCODING}).
 */
export const RECORD_OF_RUN_TYPES = {
  RecordOfRun: [
    { name: "assetId", type: "uint256" },
    { name: "bundleHash", type: "bytes32" },
    { name: "inputHash", type: "bytes32" },
    { name: "outputHash", type: "bytes32" },
    { name: "runner", type: "address" },
    { name: "payer", type: "address" },
    { name: "units", type: "uint256" },
    { name: "price", type: "uint256" },
    { name: "nonce", type: "uint64" },
    { name: "time", type: "uint64" },
  ],
} as const;

/**
 * What a payer signs once to open a session with a gateway's runner: calls carrying it are the payer's until
 * `expiry` (Unix seconds). No contract verifies it; the gateway does, in the escrow's domain so a session is bound to
 * one deployment. `nonce` lets the payer open a new session that replaces the old one.
 */
export const SESSION_TYPES = {
  Session: [
    { name: "payer", type: "address" },
    { name: "runner", type: "address" },
    { name: "expiry", type: "uint64" },
    { name: "nonce", type: "uint64" },
  ],
} as const;

/** A voucher as `MeteringEscrow.redeem` takes it. */
export type Voucher = {
  payer: Address;
  runner: Address;
  assetId: bigint;
  token: Address;
  units: bigint;
  amount: bigint;
  hostingFee: bigint;
  period: bigint;
  nonce: bigint;
};

/** A record of run as the runner signs it and the period's tree holds it. */
export type RecordOfRun = {
  assetId: bigint;
  bundleHash: Hex;
  inputHash: Hex;
  outputHash: Hex;
  runner: Address;
  payer: Address;
  units: bigint;
  price: bigint;
  nonce: bigint;
  time: bigint;
};

/** A payer's session with a runner. */
export type Session = {
  payer: Address;
  runner: Address;
  expiry: bigint;
  nonce: bigint;
};

/** The MeteringEscrow a statement is bound to. */
export type MeteringEscrowRef = {
  chainId: number;
  address: Address;
};

function domainOf(escrow: MeteringEscrowRef) {
  return { ...METERING_DOMAIN, chainId: escrow.chainId, verifyingContract: escrow.address } as const;
}

/**
 * The typed data a payer signs for `voucher`.
 *
 * @example
 * const signature = await payer.signTypedData(voucherTypedData({ chainId: 31337, address: escrow }, voucher));
 */
export function voucherTypedData(escrow: MeteringEscrowRef, voucher: Voucher) {
  return { domain: domainOf(escrow), types: VOUCHER_TYPES, primaryType: "Voucher", message: voucher } as const;
}

/** The typed data a runner signs for `record`. */
export function recordOfRunTypedData(escrow: MeteringEscrowRef, record: RecordOfRun) {
  return {
    domain: domainOf(escrow),
    types: RECORD_OF_RUN_TYPES,
    primaryType: "RecordOfRun",
    message: record,
  } as const;
}

/** The typed data a payer signs to open `session`. */
export function sessionTypedData(escrow: MeteringEscrowRef, session: Session) {
  return { domain: domainOf(escrow), types: SESSION_TYPES, primaryType: "Session", message: session } as const;
}
