/**
 * Forge names of addresses: `login@forge` from the forge links the indexer serves (the ForgeLinkRegistry's active
 * links), shown beside an address where its owner linked a forge account.
 */
import type { SendQuery } from "../hooks/useAssetList.ts";
import { graphql } from "./indexer.ts";
import { FORGE_NAMES_QUERY } from "./queries.ts";

type ForgeLinkRow = { account: string; forge: string; login: string };

/**
 * The forge names of `accounts`, by lower-case address: `login@forge`, several joined by ", " (an address may be
 * linked on more than one forge, one account on each). An address without an active link has no entry.
 *
 * @example
 * await fetchForgeNames(["0xabc…"]) // Map { "0xabc…" => "ada@github.com" }
 */
export async function fetchForgeNames(
  accounts: readonly string[],
  send: SendQuery = graphql,
): Promise<Map<string, string>> {
  const { forgeLinks } = await send<{ forgeLinks: { items: ForgeLinkRow[] } }>(FORGE_NAMES_QUERY, {
    accounts: accounts.map((a) => a.toLowerCase()),
  });
  const names = new Map<string, string[]>();
  for (const link of forgeLinks.items) {
    const account = link.account.toLowerCase();
    names.set(account, [...(names.get(account) ?? []), `${link.login}@${link.forge}`]);
  }
  return new Map([...names].map(([account, list]) => [account, list.sort().join(", ")]));
}
