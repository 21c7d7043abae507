/**
 * ForgeLinkRegistry events: a forge account linked to an address (`ForgeLinked`, with the statement and signature
 * anyone can verify again) and a link ended (`ForgeUnlinked`: by the address, by a linker, or replaced by a newer
 * link). Each link is a row named by its statement's signer and nonce, which the unlink event carries too.
 */
import { ponder } from "ponder:registry";
import { forgeLink } from "ponder:schema";

import { lower } from "./lib/hex.ts";

/** `IForgeLinkRegistry.UnlinkCause`, in enum order. */
const UNLINK_CAUSES = ["account", "linker", "replaced"] as const;

const linkId = (account: `0x${string}`, nonce: bigint) => `${lower(account)}-${nonce}`;

ponder.on("ForgeLinkRegistry:ForgeLinked", async ({ event, context }) => {
  const { forgeAccountId, account, statement, signature, linker } = event.args;
  await context.db.insert(forgeLink).values({
    id: linkId(account, statement.nonce),
    forge: statement.forge,
    forgeAccountId,
    login: statement.login,
    account: lower(account),
    nonce: statement.nonce,
    signature,
    linker: lower(linker),
    active: true,
    linkedBlock: event.block.number,
    linkedAt: event.block.timestamp,
    linkedTx: event.transaction.hash,
    unlinkCause: null,
    unlinkedBy: null,
    unlinkedBlock: null,
    unlinkedAt: null,
    unlinkedTx: null,
  });
});

ponder.on("ForgeLinkRegistry:ForgeUnlinked", async ({ event, context }) => {
  const { account, nonce, cause, by } = event.args;
  const unlinkCause = UNLINK_CAUSES[cause];
  if (unlinkCause === undefined) throw new Error(`ForgeUnlinked with an unknown cause ${cause}`);
  await context.db.update(forgeLink, { id: linkId(account, nonce) }).set({
    active: false,
    unlinkCause,
    unlinkedBy: lower(by),
    unlinkedBlock: event.block.number,
    unlinkedAt: event.block.timestamp,
    unlinkedTx: event.transaction.hash,
  });
});
