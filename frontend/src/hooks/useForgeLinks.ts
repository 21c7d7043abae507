import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Address } from "viem";

import { linkRegistry } from "../config/forgeLinkRegistry.ts";
import {
  type ForgeLink,
  type ForgeLinkRow,
  type LinkRegistry,
  parseForgeLink,
  verifyForgeLink,
} from "../lib/forgeLinks.ts";
import { graphql } from "../lib/indexer.ts";
import { FORGE_LINKS_QUERY } from "../lib/queries.ts";
import type { SendQuery } from "./useAssetList.ts";
import { forgeNameKey } from "./useForgeName.ts";

/** A link with the outcome of checking its signature here. */
export type CheckedForgeLink = ForgeLink & { verified: boolean };

export const forgeLinksKey = (account: Address) => ["forgeLinks", account.toLowerCase()] as const;

/**
 * Every forge link of `account` (active and ended, newest first), each with its signature verified in the browser
 * against the statement it records: the indexer says what was recorded, the signature proves the address agreed.
 */
export async function fetchForgeLinks(
  registry: LinkRegistry,
  account: Address,
  send: SendQuery = graphql,
  signal?: AbortSignal,
): Promise<CheckedForgeLink[]> {
  const { forgeLinks } = await send<{ forgeLinks: { items: ForgeLinkRow[] } }>(
    FORGE_LINKS_QUERY,
    { account: account.toLowerCase() },
    signal,
  );
  return Promise.all(
    forgeLinks.items.map(async (row) => {
      const link = parseForgeLink(row);
      return { ...link, verified: await verifyForgeLink(registry, link) };
    }),
  );
}

/**
 * The connected account's forge links. With `endingOn`, a forge whose unlink was just mined: asked again every 2 s
 * while the indexer still shows that forge's link active.
 */
export function useForgeLinks(account: Address, options: { endingOn?: string | undefined } = {}) {
  const { endingOn } = options;
  const queryClient = useQueryClient();
  const links = useQuery<CheckedForgeLink[]>({
    queryKey: forgeLinksKey(account),
    enabled: linkRegistry !== undefined,
    staleTime: 15_000,
    refetchInterval: (query) =>
      endingOn !== undefined &&
      (query.state.data ?? []).some((l) => l.ended === undefined && l.statement.forge === endingOn)
        ? 2_000
        : false,
    queryFn: ({ signal }) => fetchForgeLinks(linkRegistry!, account, graphql, signal),
  });
  // The name shown beside the address (kept a minute) follows the links as soon as this page sees them change.
  const updatedAt = links.dataUpdatedAt;
  useEffect(() => {
    if (updatedAt > 0) void queryClient.invalidateQueries({ queryKey: forgeNameKey(account) });
  }, [updatedAt, account, queryClient]);
  return links;
}
