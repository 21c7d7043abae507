/**
 * Signs records of run on the paid call's path: the same EIP-712 signature `signMetering` gives (the bytes are
 * equal, as the test checks), without viem's typed-data walk on every call. The domain separator and the type hash
 * are computed once; a record's struct is ten static 32-byte words written straight into one buffer, hashed with
 * the domain, and the digest signed by the account's secp256k1 key (`account.sign`, viem's call of
 * @noble/curves, RFC 6979 deterministic with low s).
 */
import {
  METERING_DOMAIN,
  type MeteringEscrowRef,
  RECORD_OF_RUN_TYPES,
  type RecordOfRun,
  signMetering,
} from "@coherence/protocol";
import { concat, domainSeparator, type Hex, hexToBytes, keccak256, type LocalAccount, stringToHex } from "viem";

const TYPE_HASH = hexToBytes(
  keccak256(
    stringToHex(
      `RecordOfRun(${RECORD_OF_RUN_TYPES.RecordOfRun.map((field) => `${field.type} ${field.name}`).join(",")})`,
    ),
  ),
);
const WORD = 32;
const WORDS = RECORD_OF_RUN_TYPES.RecordOfRun.length + 1;

/** Writes the `bits`-bit uint `value` as one big-endian word; out of range is a RangeError, as viem's encoding. */
function putUint(buffer: Uint8Array, word: number, value: bigint, bits: 64 | 256): void {
  if (value < 0n || value >> BigInt(bits) !== 0n) throw new RangeError(`${value} is not a uint${bits}`);
  let rest = value;
  for (let i = (word + 1) * WORD - 1; rest > 0n; i--) {
    buffer[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** Writes `size` bytes of hex right-aligned in one word (a bytes32, or an address's 20). */
function putHex(buffer: Uint8Array, word: number, hex: Hex, size: 20 | 32): void {
  const bytes = hexToBytes(hex);
  if (bytes.length !== size) throw new RangeError(`${hex} is not ${size} bytes`);
  buffer.set(bytes, (word + 1) * WORD - size);
}

/**
 * The record's EIP-712 digest in the escrow's domain, equal to `meteringDigest(escrow, { kind: "recordOfRun", … })`.
 */
export function recordDigester(escrow: MeteringEscrowRef): (record: RecordOfRun) => Hex {
  const prefix = concat([
    "0x1901",
    domainSeparator({ domain: { ...METERING_DOMAIN, chainId: escrow.chainId, verifyingContract: escrow.address } }),
  ]);
  return (record) => {
    const struct = new Uint8Array(WORDS * WORD);
    struct.set(TYPE_HASH, 0);
    putUint(struct, 1, record.assetId, 256);
    putHex(struct, 2, record.bundleHash, 32);
    putHex(struct, 3, record.inputHash, 32);
    putHex(struct, 4, record.outputHash, 32);
    putHex(struct, 5, record.runner, 20);
    putHex(struct, 6, record.payer, 20);
    putUint(struct, 7, record.units, 256);
    putUint(struct, 8, record.price, 256);
    putUint(struct, 9, record.nonce, 64);
    putUint(struct, 10, record.time, 64);
    return keccak256(concat([prefix, keccak256(struct)]));
  };
}

/**
 * @example
 * const sign = recordSigner(runner, escrow);
 * const signature = await sign(record); // === await signMetering(runner, escrow, { kind: "recordOfRun", value: record })
 */
export function recordSigner(account: LocalAccount, escrow: MeteringEscrowRef): (record: RecordOfRun) => Promise<Hex> {
  // An account that cannot sign a bare digest (a custom `toAccount`) signs the typed data.
  if (account.sign === undefined) {
    return (record) => signMetering(account, escrow, { kind: "recordOfRun", value: record });
  }
  const digest = recordDigester(escrow);
  return (record) => account.sign!({ hash: digest(record) });
}
