/**
 * OpenZeppelin AccessControl, AccessControlDefaultAdminRules and EIP-712 events of the ledger, the distributor
 * and the router: role memberships in `roleMember`, admin transfers and delays as parameters.
 */
import { ponder } from "ponder:registry";
import { roleMember } from "ponder:schema";
import { keccak256, stringToHex, zeroHash } from "viem";

import { lower } from "./lib/hex.ts";
import { type ParameterEvent, parameterEvent, setParameter } from "./lib/parameters.ts";
import type { Db } from "./lib/totals.ts";

const ROLE_NAMES = new Map<string, string>([
  [zeroHash, "DEFAULT_ADMIN_ROLE"],
  ...["ATTESTER_ROLE", "GUARDIAN_ROLE"].map((name): [string, string] => [keccak256(stringToHex(name)), name]),
]);

/** A role's name, or its hash when it is not one of the protocol's roles. */
export function roleName(role: `0x${string}`): string {
  return ROLE_NAMES.get(role.toLowerCase()) ?? role.toLowerCase();
}

async function setRole(
  db: Db,
  at: ParameterEvent,
  role: `0x${string}`,
  account: `0x${string}`,
  sender: `0x${string}`,
  active: boolean,
) {
  const id = `${at.contractName}:${role}:${lower(account)}`;
  const existing = await db.find(roleMember, { id });
  const row = {
    id,
    contract: at.contractName,
    contractAddress: at.contractAddress,
    role,
    roleName: roleName(role),
    account: lower(account),
    active,
    grantedBy: active ? lower(sender) : (existing?.grantedBy ?? null),
    revokedBy: active ? null : lower(sender),
    updatedBlock: at.blockNumber,
  };
  await db.insert(roleMember).values(row).onConflictDoUpdate(row);
  // The default admin is a single account: a parameter, so its changes have a history.
  if (role === zeroHash)
    await setParameter(db, at, "defaultAdmin", active ? account : "0x0000000000000000000000000000000000000000");
}

type AccessControlled = "ContributionLedger" | "PayoutDistributor" | "RevenueRouter";
type AdminEvent =
  | "RoleGranted"
  | "RoleRevoked"
  | "RoleAdminChanged"
  | "DefaultAdminTransferScheduled"
  | "DefaultAdminTransferCanceled"
  | "DefaultAdminDelayChangeScheduled"
  | "DefaultAdminDelayChangeCanceled";

function register(name: AccessControlled) {
  // Ponder types each handler by its "Contract:Event" literal. The three contracts inherit these events from
  // the same OpenZeppelin code, so the ledger's literal types the arguments of all three.
  const on = <E extends AdminEvent>(event: E, handler: Parameters<typeof ponder.on<`ContributionLedger:${E}`>>[1]) =>
    ponder.on(`${name}:${event}` as `ContributionLedger:${E}`, handler);

  on("RoleGranted", async ({ event, context }) => {
    await setRole(
      context.db,
      parameterEvent(name, "RoleGranted", event),
      event.args.role,
      event.args.account,
      event.args.sender,
      true,
    );
  });
  on("RoleRevoked", async ({ event, context }) => {
    await setRole(
      context.db,
      parameterEvent(name, "RoleRevoked", event),
      event.args.role,
      event.args.account,
      event.args.sender,
      false,
    );
  });
  on("RoleAdminChanged", async ({ event, context }) => {
    await setParameter(
      context.db,
      parameterEvent(name, "RoleAdminChanged", event),
      `roleAdmin:${roleName(event.args.role)}`,
      roleName(event.args.newAdminRole),
    );
  });
  on("DefaultAdminTransferScheduled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminTransferScheduled", event);
    await setParameter(context.db, at, "pendingDefaultAdmin", event.args.newAdmin);
    await setParameter(context.db, at, "pendingDefaultAdminSchedule", event.args.acceptSchedule);
  });
  on("DefaultAdminTransferCanceled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminTransferCanceled", event);
    await setParameter(context.db, at, "pendingDefaultAdmin", "0x0000000000000000000000000000000000000000");
    await setParameter(context.db, at, "pendingDefaultAdminSchedule", 0);
  });
  on("DefaultAdminDelayChangeScheduled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminDelayChangeScheduled", event);
    await setParameter(context.db, at, "pendingDefaultAdminDelay", event.args.newDelay);
    await setParameter(context.db, at, "pendingDefaultAdminDelaySchedule", event.args.effectSchedule);
  });
  on("DefaultAdminDelayChangeCanceled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminDelayChangeCanceled", event);
    await setParameter(context.db, at, "pendingDefaultAdminDelay", 0);
    await setParameter(context.db, at, "pendingDefaultAdminDelaySchedule", 0);
  });
}

register("ContributionLedger");
register("PayoutDistributor");
register("RevenueRouter");

ponder.on("ContributionLedger:EIP712DomainChanged", async ({ event, context }) => {
  await setParameter(
    context.db,
    parameterEvent("ContributionLedger", "EIP712DomainChanged", event),
    "eip712DomainChangedBlock",
    event.block.number,
  );
});

ponder.on("PayoutDistributor:EIP712DomainChanged", async ({ event, context }) => {
  await setParameter(
    context.db,
    parameterEvent("PayoutDistributor", "EIP712DomainChanged", event),
    "eip712DomainChangedBlock",
    event.block.number,
  );
});
