/**
 * What a timelock call does, in a form a reader can check: calldata to one of the protocol's contracts decoded
 * with that contract's ABI (from @coherence/protocol, generated from the contracts), each argument as text.
 * Anything else (another target, an unknown selector, malformed data) stays raw.
 */
import { type Abi, type AbiParameter, decodeFunctionData, getAbiItem, type Hex, toFunctionSignature } from "viem";

import { INDEXED_ABIS } from "../../config/abis.ts";

/** The contracts whose calls are decoded (every indexed one), by the name the indexer gives them. */
export const GOVERNED_ABIS: Readonly<Record<string, Abi>> = INDEXED_ABIS;

export type DecodedCall = {
  functionName: string | null;
  /** `name(type,...)`, as in a function selector. */
  signature: string | null;
  argNames: string[];
  argTypes: string[];
  argValues: string[];
};

const RAW: DecodedCall = { functionName: null, signature: null, argNames: [], argTypes: [], argValues: [] };

type Parameter = AbiParameter & { components?: readonly AbiParameter[] };

/** A value of an ABI type as JSON-ready data: scalars as text, arrays as lists, tuples as objects by name. */
function plain(parameter: Parameter, value: unknown): unknown {
  const array = /^(.*)\[\d*\]$/.exec(parameter.type);
  if (array) return (value as unknown[]).map((item) => plain({ ...parameter, type: array[1]! }, item));
  if (parameter.type === "tuple") {
    const components = (parameter.components ?? []) as Parameter[];
    const item = (c: Parameter, i: number) =>
      plain(c, Array.isArray(value) ? value[i] : (value as Record<string, unknown>)[c.name!]);
    // By name when every component has one (as viem decodes it), else a list in order.
    return components.every((c) => c.name)
      ? Object.fromEntries(components.map((c, i) => [c.name, item(c, i)]))
      : components.map(item);
  }
  // Addresses and bytes lower-case, so they compare as the indexer's other columns do; integers in decimal.
  return typeof value === "string" && /^(address|bytes\d*)$/.test(parameter.type) ? value.toLowerCase() : String(value);
}

/**
 * An argument as text: a scalar as {@link plain} writes it, an array or a tuple as the JSON of its plain form.
 *
 * @example
 * argumentText({ type: "uint32", name: "challengePeriod" }, 7200) // "7200"
 * argumentText({ type: "address[]", name: "tokens" }, ["0xAb…"]) // '["0xab…"]'
 */
export function argumentText(parameter: AbiParameter, value: unknown): string {
  const data = plain(parameter, value);
  return typeof data === "string" ? data : JSON.stringify(data);
}

/**
 * Decodes `data` sent to a contract with `abi`; {@link RAW} (nulls and empty lists) when there is no ABI or the
 * data does not decode with it.
 *
 * @example
 * decodeCall(payoutDistributorAbi, "0x…").signature // "setChallengePeriod(uint32)"
 */
export function decodeCall(abi: Abi | undefined, data: Hex): DecodedCall {
  if (abi === undefined || data.length < 10) return RAW;
  let args: readonly unknown[];
  try {
    args = decodeFunctionData({ abi, data }).args ?? [];
  } catch {
    return RAW;
  }
  const item = getAbiItem({ abi, name: data.slice(0, 10) as Hex });
  if (item?.type !== "function") return RAW;
  return {
    functionName: item.name,
    signature: toFunctionSignature(item),
    argNames: item.inputs.map((input, i) => input.name || `arg${i}`),
    argTypes: item.inputs.map((input) => input.type),
    argValues: item.inputs.map((input, i) => argumentText(input, args[i])),
  };
}
