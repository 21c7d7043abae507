import type { Chain } from "viem";

/** What a block explorer has a page for. */
export type ExplorerKind = "tx" | "address";

/**
 * The page of a transaction or an address on the chain's block explorer (Arbiscan for Arbitrum, from viem's chain
 * registry), or undefined for a chain without one (a local node).
 *
 * @example
 * explorerPage(arbitrum, "tx", hash) // { url: "https://arbiscan.io/tx/0x…", name: "Arbiscan" }
 */
export function explorerPage(
  chain: Chain,
  kind: ExplorerKind,
  value: string,
): { url: string; name: string } | undefined {
  const explorer = chain.blockExplorers?.default;
  if (explorer === undefined) return undefined;
  return { url: `${explorer.url.replace(/\/+$/, "")}/${kind}/${value}`, name: explorer.name };
}
