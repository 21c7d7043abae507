/**
 * A forge account's link to an address: the address signs `ForgeLink(forge, login, account)` (EIP-712), and the
 * account posts it (`/ccn link <address> <signature>`), so both ends agreed: the address to be paid for the
 * account's work, the account to be paid at that address. Anyone verifies a served link with the same typed data.
 */
import type { Address, Hex, PublicClient } from "viem";
import type { ForgeName } from "../store/intakeStore.ts";
import { FORGE_LINK_TYPES, INTAKE_DOMAIN } from "../typedData.ts";

/** The forge's name in a statement: its host. */
export const GITHUB_FORGE = "github.com";

/** Each forge's name in statements. */
export const FORGE_HOSTS: Record<ForgeName, string> = { github: GITHUB_FORGE, gitlab: "gitlab.com" };

/** The typed data an address signs to link itself to `login` on `forge`. */
export function forgeLinkTypedData(statement: { forge: string; login: string; account: Address }) {
  return { domain: INTAKE_DOMAIN, types: FORGE_LINK_TYPES, primaryType: "ForgeLink", message: statement } as const;
}

/**
 * Whether `signature` is `account`'s over the link to `login` (an EOA's, or an ERC-1271 wallet's, asked on chain).
 *
 * @example
 * await verifyForgeLink(client, { forge: "github.com", login: "octocat", account }, signature) // true
 */
export function verifyForgeLink(
  client: PublicClient,
  statement: { forge: string; login: string; account: Address },
  signature: Hex,
): Promise<boolean> {
  return client.verifyTypedData({ address: statement.account, ...forgeLinkTypedData(statement), signature });
}
