/** AccessControl roles as the indexer keeps them (`roleMember`): their names and who holds them now. */
import { roleMember } from "ponder:schema";
import { keccak256, stringToHex, zeroHash } from "viem";

import { lower } from "./hex.ts";
import type { Db } from "./totals.ts";

const ROLE_NAMES = new Map<string, string>([
  [zeroHash, "DEFAULT_ADMIN_ROLE"],
  ...[
    "ATTESTER_ROLE",
    "GUARDIAN_ROLE",
    "VERIFIER_ROLE",
    "PROPOSER_ROLE",
    "EXECUTOR_ROLE",
    "CANCELLER_ROLE",
    "LINKER_ROLE",
  ].map((name): [string, string] => [keccak256(stringToHex(name)), name]),
]);

/** A role's name, or its hash when it is not one of the protocol's roles. */
export function roleName(role: `0x${string}`): string {
  return ROLE_NAMES.get(role.toLowerCase()) ?? role.toLowerCase();
}

/** The `roleMember` id of `account`'s membership of `role` on the contract the handlers call `contractName`. */
export function roleMemberId(contractName: string, role: `0x${string}`, account: `0x${string}`): string {
  return `${contractName}:${role.toLowerCase()}:${lower(account)}`;
}

/** Whether `account` holds `role` on `contractName` as of the events indexed so far. */
export async function holdsRole(
  db: Db,
  contractName: string,
  role: `0x${string}`,
  account: `0x${string}`,
): Promise<boolean> {
  return (await db.find(roleMember, { id: roleMemberId(contractName, role, account) }))?.active ?? false;
}
