/**
 * OpenZeppelin AccessControl, AccessControlDefaultAdminRules and EIP-712 events of the registry, the ledger, the
 * distributor, the router, the forge link registry (its linkers, granted and revoked through the timelock) and the
 * metering escrow (its guardians, who uphold disputes of records), and
 * the AccessControl events of the timelock (its governors, cancellers and executors): role memberships in
 * `roleMember`, admin transfers and delays as parameters.
 */

import { ponder } from "ponder:registry";
import { roleMember } from "ponder:schema";
import { roleNameOf } from "@coherence/protocol";
import { zeroHash } from "viem";

import { lower } from "./lib/hex.ts";
import { type ParameterEvent, parameterEvent, setParameter } from "./lib/parameters.ts";
import { roleMemberId } from "./lib/roles.ts";
import type { Db } from "./lib/totals.ts";

async function setRole(
  db: Db,
  at: ParameterEvent,
  role: `0x${string}`,
  account: `0x${string}`,
  sender: `0x${string}`,
  active: boolean,
) {
  const id = roleMemberId(at.contractName, role, account);
  const existing = await db.find(roleMember, { id });
  const row = {
    id,
    contract: at.contractName,
    contractAddress: at.contractAddress,
    role,
    roleName: roleNameOf(role),
    account: lower(account),
    active,
    grantedBy: active ? lower(sender) : (existing?.grantedBy ?? null),
    revokedBy: active ? null : lower(sender),
    updatedBlock: at.blockNumber,
  };
  await db.insert(roleMember).values(row).onConflictDoUpdate(row);
  // Under AccessControlDefaultAdminRules the default admin is a single account: a parameter, so its changes have a
  // history. The timelock's (plain AccessControl: itself, and whoever it grants the role) are role members only.
  if (role === zeroHash && at.contractName !== "CoherenceTimelock")
    await setParameter(db, at, "defaultAdmin", active ? account : "0x0000000000000000000000000000000000000000");
}

const ADMIN_RULES_CONTRACTS = [
  "AssetRegistry",
  "ContributionLedger",
  "PayoutDistributor",
  "RevenueRouter",
  "ForgeLinkRegistry",
  "MeteringEscrow",
] as const;
type AdminRulesContract = (typeof ADMIN_RULES_CONTRACTS)[number];
type RoleEvent = "RoleGranted" | "RoleRevoked" | "RoleAdminChanged";
type AdminRulesEvent =
  | "DefaultAdminTransferScheduled"
  | "DefaultAdminTransferCanceled"
  | "DefaultAdminDelayChangeScheduled"
  | "DefaultAdminDelayChangeCanceled";

/**
 * Registers `handler` for `event` of `name`. Ponder types each handler by its "Contract:Event" literal; the
 * contracts inherit these events from the same OpenZeppelin code, so the ledger's literal types the arguments
 * of every one.
 */
function on<E extends RoleEvent | AdminRulesEvent | "EIP712DomainChanged">(
  name: AdminRulesContract | "CoherenceTimelock",
  event: E,
  handler: Parameters<typeof ponder.on<`ContributionLedger:${E}`>>[1],
) {
  ponder.on(`${name}:${event}` as `ContributionLedger:${E}`, handler);
}

/** AccessControl: role memberships and role admins. */
function registerRoles(name: AdminRulesContract | "CoherenceTimelock") {
  for (const event of ["RoleGranted", "RoleRevoked"] as const) {
    on(name, event, async ({ event: e, context }) => {
      await setRole(
        context.db,
        parameterEvent(name, event, e),
        e.args.role,
        e.args.account,
        e.args.sender,
        event === "RoleGranted",
      );
    });
  }
  on(name, "RoleAdminChanged", async ({ event, context }) => {
    await setParameter(
      context.db,
      parameterEvent(name, "RoleAdminChanged", event),
      `roleAdmin:${roleNameOf(event.args.role)}`,
      roleNameOf(event.args.newAdminRole),
    );
  });
}

/** AccessControlDefaultAdminRules: the two-step admin transfer and admin delay changes. */
function registerAdminRules(name: AdminRulesContract) {
  on(name, "DefaultAdminTransferScheduled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminTransferScheduled", event);
    await setParameter(context.db, at, "pendingDefaultAdmin", event.args.newAdmin);
    await setParameter(context.db, at, "pendingDefaultAdminSchedule", event.args.acceptSchedule);
  });
  on(name, "DefaultAdminTransferCanceled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminTransferCanceled", event);
    await setParameter(context.db, at, "pendingDefaultAdmin", "0x0000000000000000000000000000000000000000");
    await setParameter(context.db, at, "pendingDefaultAdminSchedule", 0);
  });
  on(name, "DefaultAdminDelayChangeScheduled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminDelayChangeScheduled", event);
    await setParameter(context.db, at, "pendingDefaultAdminDelay", event.args.newDelay);
    await setParameter(context.db, at, "pendingDefaultAdminDelaySchedule", event.args.effectSchedule);
  });
  on(name, "DefaultAdminDelayChangeCanceled", async ({ event, context }) => {
    const at = parameterEvent(name, "DefaultAdminDelayChangeCanceled", event);
    await setParameter(context.db, at, "pendingDefaultAdminDelay", 0);
    await setParameter(context.db, at, "pendingDefaultAdminDelaySchedule", 0);
  });
}

for (const name of ADMIN_RULES_CONTRACTS) {
  registerRoles(name);
  registerAdminRules(name);
}
registerRoles("CoherenceTimelock");

// The contracts that verify EIP-712 signatures: the registry (authorship), the ledger (attestations), the
// distributor (claims to another recipient), the forge link registry (link statements) and the metering escrow
// (vouchers).
for (const name of [
  "AssetRegistry",
  "ContributionLedger",
  "PayoutDistributor",
  "ForgeLinkRegistry",
  "MeteringEscrow",
] as const) {
  on(name, "EIP712DomainChanged", async ({ event, context }) => {
    await setParameter(
      context.db,
      parameterEvent(name, "EIP712DomainChanged", event),
      "eip712DomainChangedBlock",
      event.block.number,
    );
  });
}
