/**
 * Parses a pasted leaf and proof: JSON with `account`, `token`, `cumulativeAmount` (decimal string or number
 * without fraction) and `proof` (an array of 32-byte hex values). The claims API's leaf objects are accepted too
 * (they carry `token`, `cumulativeAmount` and `proof`; `account` may then be given separately).
 */
import { MAX_UINT256, type PayoutLeafProof } from "@coherence/protocol";
import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";

export type ParseLeafResult = { ok: true; leaf: PayoutLeafProof } | { ok: false; field: string; message: string };

/**
 * @example
 * parseLeafInput('{"account":"0x…","token":"0x…","cumulativeAmount":"1000","proof":["0x…"]}')
 */
export function parseLeafInput(text: string, fallbackAccount?: string): ParseLeafResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, field: "json", message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      ok: false,
      field: "json",
      message: "Expected a JSON object with account, token, cumulativeAmount and proof.",
    };
  }
  const record = value as Record<string, unknown>;
  const account = record.account ?? fallbackAccount;
  if (typeof account !== "string" || !isAddress(account, { strict: false })) {
    return { ok: false, field: "account", message: "account must be a 20-byte hex address (0x and 40 hex digits)." };
  }
  if (typeof record.token !== "string" || !isAddress(record.token, { strict: false })) {
    return { ok: false, field: "token", message: "token must be a 20-byte hex address (0x and 40 hex digits)." };
  }
  const rawAmount = record.cumulativeAmount;
  const amountText = typeof rawAmount === "number" && Number.isSafeInteger(rawAmount) ? String(rawAmount) : rawAmount;
  if (typeof amountText !== "string" || !/^\d+$/.test(amountText) || BigInt(amountText) > MAX_UINT256) {
    return {
      ok: false,
      field: "cumulativeAmount",
      message: "cumulativeAmount must be a whole number of base units (a decimal string), at most 2^256 - 1.",
    };
  }
  if (!Array.isArray(record.proof))
    return { ok: false, field: "proof", message: "proof must be an array of 32-byte hex values." };
  const proof: Hex[] = [];
  for (const [i, item] of record.proof.entries()) {
    if (typeof item !== "string" || !isHex(item, { strict: true }) || item.length !== 66) {
      return { ok: false, field: "proof", message: `proof[${i}] must be a 32-byte hex value (0x and 64 hex digits).` };
    }
    proof.push(item.toLowerCase() as Hex);
  }
  return {
    ok: true,
    leaf: {
      account: getAddress(account) as Address,
      token: getAddress(record.token),
      cumulativeAmount: BigInt(amountText),
      proof,
    },
  };
}
