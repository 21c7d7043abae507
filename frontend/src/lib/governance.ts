/**
 * Governance as the indexer has it: the CoherenceTimelock's operations (`governanceOperation`; a batch is one
 * operation of several calls) and their calls (`governanceCall`, decoded by the indexer with the protocol's
 * ABIs), parsed, with what each call does in plain words and where each operation stands.
 */

import type { Address, Hex } from "viem";
import { keccak256, stringToHex } from "viem";

import { formatBps, shortAddress, shortHash } from "./format.ts";
import { big, bigOrNull } from "./indexerValues.ts";

export type OperationStatus = "scheduled" | "executed" | "cancelled";
/** Where an operation stands now: a scheduled one is waiting until `readyAt`, then ready for anyone to execute. */
export type OperationState = "waiting" | "ready" | "executed" | "cancelled";

/** One decoded argument of a call. */
export type CallArgument = { name: string; type: string; value: string };

export type GovernanceCall = {
  operationId: Hex;
  index: number;
  target: Address;
  /** The protocol contract at `target`, null for any other address. */
  targetName: string | null;
  value: bigint;
  data: Hex;
  /** Null when the indexer could not decode the calldata. */
  functionName: string | null;
  signature: string | null;
  args: CallArgument[];
};

export type GovernanceOperation = {
  id: Hex;
  status: OperationStatus;
  callCount: number;
  predecessor: Hex;
  salt: Hex;
  delay: bigint;
  readyAt: bigint;
  scheduledBy: Address;
  scheduledAt: bigint;
  scheduledTx: Hex;
  executedBy: Address | null;
  executedAt: bigint | null;
  executedTx: Hex | null;
  cancelledBy: Address | null;
  cancelledAt: bigint | null;
  cancelledTx: Hex | null;
  /** Its calls in order, once fetched. */
  calls: GovernanceCall[];
};

/** A row as the indexer answers it (the selections are in ./queries.ts). */
export type RawRow = Record<string, unknown>;

const hexOrNull = <T extends Hex>(v: unknown) => (v ?? null) as T | null;

export function parseOperation(r: RawRow): GovernanceOperation {
  return {
    id: r.id as Hex,
    status: r.status as OperationStatus,
    callCount: Number(r.callCount),
    predecessor: r.predecessor as Hex,
    salt: r.salt as Hex,
    delay: big(r.delay),
    readyAt: big(r.readyAt),
    scheduledBy: r.scheduledBy as Address,
    scheduledAt: big(r.scheduledAt),
    scheduledTx: r.scheduledTx as Hex,
    executedBy: hexOrNull<Address>(r.executedBy),
    executedAt: bigOrNull(r.executedAt),
    executedTx: hexOrNull(r.executedTx),
    cancelledBy: hexOrNull<Address>(r.cancelledBy),
    cancelledAt: bigOrNull(r.cancelledAt),
    cancelledTx: hexOrNull(r.cancelledTx),
    calls: [],
  };
}

export function parseCall(r: RawRow): GovernanceCall {
  const names = r.argNames as string[];
  const types = r.argTypes as string[];
  const values = r.argValues as string[];
  return {
    operationId: r.governanceOperationId as Hex,
    index: Number(r.index),
    target: r.target as Address,
    targetName: (r.targetName as string | null) ?? null,
    value: big(r.value),
    data: r.data as Hex,
    functionName: (r.functionName as string | null) ?? null,
    signature: (r.signature as string | null) ?? null,
    args: names.map((name, i) => ({ name, type: types[i]!, value: values[i]! })),
  };
}

/** Where `operation` stands at chain time `now` (seconds); undefined `now` counts a scheduled one as waiting. */
export function operationState(operation: GovernanceOperation, now: number | undefined): OperationState {
  if (operation.status !== "scheduled") return operation.status;
  return now !== undefined && BigInt(now) >= operation.readyAt ? "ready" : "waiting";
}

/** The protocol's roles by hash, in words. */
const ROLE_WORDS = new Map<string, string>([
  [`0x${"0".repeat(64)}`, "admin"],
  ...(
    [
      ["ATTESTER_ROLE", "attester"],
      ["GUARDIAN_ROLE", "guardian"],
      ["VERIFIER_ROLE", "verifier"],
      ["PROPOSER_ROLE", "governor"],
      ["CANCELLER_ROLE", "canceller"],
      ["EXECUTOR_ROLE", "executor"],
    ] as const
  ).map(([name, words]): [string, string] => [keccak256(stringToHex(name)), words]),
]);

/** A role hash in words: "the guardian role", or the shortened hash of a role the protocol does not name. */
export function roleWords(role: string): string {
  const words = ROLE_WORDS.get(role.toLowerCase());
  return words === undefined ? `role ${shortHash(role)}` : `the ${words} role`;
}

/** How the sentences name what they mention. */
export type Naming = {
  /** A token's symbol, when known. */
  tokenSymbol?: (token: Address) => string | undefined;
};

const count = (value: string) => {
  try {
    return BigInt(value).toLocaleString("en-US");
  } catch {
    return value;
  }
};
const seconds = (value: string) => `${count(value)} s`;

/**
 * What a call does, in plain words, for the functions governance makes (the admin functions of the registry, the
 * ledger, the distributor, the router and the timelock); any other decoded call is named with its arguments, and
 * calldata the indexer could not decode says so.
 *
 * @example
 * describeCall(call) // "Set the challenge period to 7,200 s on PayoutDistributor"
 */
export function describeCall(call: GovernanceCall, naming: Naming = {}): string {
  const on = call.targetName ?? shortAddress(call.target);
  const sending = call.value > 0n ? ` (sending ${call.value.toLocaleString("en-US")} wei)` : "";
  if (call.functionName === null) {
    const selector = call.data.length >= 10 ? `function ${call.data.slice(0, 10)}` : "no function";
    return `Call ${selector} on ${on}${sending} (calldata not decoded)`;
  }
  const [a = "", b = ""] = call.args.map((x) => x.value);
  const token = (address: string) => {
    const symbol = naming.tokenSymbol?.(address as Address);
    return symbol === undefined ? `token ${shortAddress(address)}` : `${symbol} (${shortAddress(address)})`;
  };
  const words = ((): string | undefined => {
    switch (call.functionName) {
      case "setChallengePeriod":
        return `Set the challenge period to ${seconds(a)}`;
      case "setThreshold":
        return `Require ${count(a)} oracle signatures per epoch proposal`;
      case "setOracle":
        return b === "true" ? `Add oracle ${shortAddress(a)}` : `Remove oracle ${shortAddress(a)}`;
      case "setTokenAllowed":
        return b === "true"
          ? `Allow ${token(a)} to be paid in and funded`
          : `Remove ${token(a)} from the token allowlist`;
      case "pause":
        return "Pause claims";
      case "unpause":
        return "Resume claims";
      case "setSplit":
        return `Set the fee to ${formatBps(Number(a))} and the contributor pool to ${formatBps(Number(b))} of revenue`;
      case "setTreasury":
        return `Set the treasury to ${shortAddress(a)}`;
      case "setReserve":
        return `Set the reserve to ${shortAddress(a)}`;
      case "grantRole":
        return `Grant ${roleWords(a)} to ${shortAddress(b)}`;
      case "revokeRole":
        return `Revoke ${roleWords(a)} from ${shortAddress(b)}`;
      case "renounceRole":
        return `Give up ${roleWords(a)} of ${shortAddress(b)}`;
      case "beginDefaultAdminTransfer":
        return `Start handing the admin role to ${shortAddress(a)}`;
      case "cancelDefaultAdminTransfer":
        return "Cancel the pending admin handover";
      case "acceptDefaultAdminTransfer":
        return "Accept the admin role";
      case "changeDefaultAdminDelay":
        return `Set the admin handover delay to ${seconds(a)}`;
      case "rollbackDefaultAdminDelay":
        return "Roll back the pending change of the admin handover delay";
      case "updateDelay":
        return `Set the governance delay to ${seconds(a)}`;
      case "revoke":
        // Governance revoking an attestation strikes it for good (its attester's own revocation may be corrected).
        return call.targetName === "ContributionLedger" ? `Strike contribution ${shortHash(a)} (“${b}”)` : undefined;
      case "cancel":
        return call.targetName === "CoherenceTimelock" ? `Cancel the scheduled change ${shortHash(a)}` : undefined;
      default:
        return undefined;
    }
  })();
  if (words !== undefined) return `${words} on ${on}${sending}`;
  const args = call.args.map((x) => `${x.name} ${x.value.length > 66 ? shortHash(x.value) : x.value}`).join(", ");
  return `Call ${call.functionName}(${args}) on ${on}${sending}`;
}
