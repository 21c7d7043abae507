/**
 * Whether a forge account is linked, as the intake pays by it: its stored live link, unless the chain says
 * otherwise. An address ends its own link in the ForgeLinkRegistry without the intake (`unlink`), and a newer link
 * elsewhere can replace it; a link the registry refused is not public on-chain. Neither is paid.
 */
import { forgeLinkRegistryAbi } from "@coherence/protocol";
import { isAddressEqual } from "viem";

import type { IntakeContext } from "../pipeline/intakeContext.ts";
import type { ForgeName, Link } from "../store/intakeStore.ts";
import { linkRegistryOf, statementOf } from "./forgeLink.ts";

/**
 * The live link of the forge account `login` (found by its id, or by its login when the id is not known), or why
 * there is none.
 *
 * @example
 * const linked = await liveLinkOf(context, "github", "ada", { accountId: "1010" });
 * if ("reason" in linked) refuse(linked.reason);
 */
export async function liveLinkOf(
  context: Pick<IntakeContext, "store" | "client" | "deployment">,
  forge: ForgeName,
  login: string,
  account: { accountId: string } | { login: string },
): Promise<{ link: Link } | { reason: string }> {
  const link = await context.store.linkOf(forge, account);
  if (link === undefined) return { reason: `${login} has linked no address (comment /ccn link <address> <signature>)` };
  // Not yet recorded: the intake verified the signature itself, and the recorder is on its way.
  if (link.onChain === undefined) return { link };
  if (link.onChain === "refused")
    return { reason: `${link.login}'s link to ${link.address} was refused by the ForgeLinkRegistry (see /refusals)` };
  const statement = statementOf(link);
  const [active, nonce] = await context.client.readContract({
    address: linkRegistryOf(context.deployment).address,
    abi: forgeLinkRegistryAbi,
    functionName: "linkOf",
    // The forge as the statement names it: a self-managed instance's own host.
    args: [statement.forge, BigInt(link.accountId)],
  });
  if (!isAddressEqual(active, link.address) || nonce !== statement.nonce)
    return { reason: `${link.login}'s link to ${link.address} was ended on-chain (by the address, or a newer link)` };
  return { link };
}
