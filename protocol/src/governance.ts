/**
 * Privileged changes go through the timelock (`CoherenceTimelock`, OpenZeppelin's TimelockController): a governor
 * schedules a call, anyone executes it once the delay has passed, guardians and governors may cancel it meanwhile.
 * This module names one such call as the timelock does, so every tool schedules, executes and recognises it alike.
 */
import { type Address, encodeAbiParameters, type Hex, keccak256 } from "viem";

/** One call the timelock makes: its target, the ETH it sends (always 0 here) and its calldata. */
export type TimelockCall = { target: Address; data: Hex; salt: Hex; predecessor?: Hex };

const ZERO_WORD = `0x${"0".repeat(64)}` as Hex;

/**
 * The operation id `TimelockController.hashOperation` gives the call:
 * `keccak256(abi.encode(target, value, data, predecessor, salt))`.
 */
export function timelockOperationId(call: TimelockCall): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint256" }, { type: "bytes" }, { type: "bytes32" }, { type: "bytes32" }],
      [call.target, 0n, call.data, call.predecessor ?? ZERO_WORD, call.salt],
    ),
  );
}

/** The arguments of `schedule(target, value, data, predecessor, salt, delay)` for the call. */
export function scheduleArgs(call: TimelockCall, delay: bigint): readonly [Address, bigint, Hex, Hex, Hex, bigint] {
  return [call.target, 0n, call.data, call.predecessor ?? ZERO_WORD, call.salt, delay];
}

/** The arguments of `execute(target, value, payload, predecessor, salt)` for the call. */
export function executeArgs(call: TimelockCall): readonly [Address, bigint, Hex, Hex, Hex] {
  return [call.target, 0n, call.data, call.predecessor ?? ZERO_WORD, call.salt];
}
