/**
 * The AccessControl roles of the protocol's contracts, by name: each role's id is `keccak256(name)`, the admin
 * role's the zero word, as OpenZeppelin defines them. One list, so the indexer and its tests name roles alike.
 */
import { type Hex, keccak256, stringToHex, zeroHash } from "viem";

/** Every role name the protocol's contracts use, the admin role included. */
export const ROLE_NAMES = [
  "DEFAULT_ADMIN_ROLE",
  "ATTESTER_ROLE",
  "GUARDIAN_ROLE",
  "VERIFIER_ROLE",
  "PROPOSER_ROLE",
  "EXECUTOR_ROLE",
  "CANCELLER_ROLE",
  "LINKER_ROLE",
] as const;

const BY_ID = new Map<string, string>(
  ROLE_NAMES.map((name) => [name === "DEFAULT_ADMIN_ROLE" ? zeroHash : keccak256(stringToHex(name)), name]),
);

/**
 * A role's name, or its id in lower case when it is not one of the protocol's roles.
 *
 * @example
 * roleNameOf(keccak256(stringToHex("LINKER_ROLE"))) // "LINKER_ROLE"
 */
export function roleNameOf(role: Hex): string {
  return BY_ID.get(role.toLowerCase()) ?? role.toLowerCase();
}
