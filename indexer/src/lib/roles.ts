/** AccessControl roles as the indexer keeps them (`roleMember`): who holds them now (their names: `roleNameOf`). */
import { roleMember } from "ponder:schema";

import { lower } from "./hex.ts";
import type { Db } from "./totals.ts";

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
