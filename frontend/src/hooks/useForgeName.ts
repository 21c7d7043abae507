import { useQuery } from "@tanstack/react-query";

import { batchLoader } from "../lib/batchLoader.ts";
import { fetchForgeNames } from "../lib/forgeNames.ts";

/** Every address rendered in one tick is looked up by one indexer request. */
const forgeNames = batchLoader((accounts) => fetchForgeNames(accounts));

/** The cache key of `address`'s forge name: a page that learns of a new or ended link asks for it again. */
export const forgeNameKey = (address: string) => ["forgeName", address.toLowerCase()] as const;

/** The forge name (`login@forge`) of `address` where it has an active forge link, undefined while unknown or none. */
export function useForgeName(address: string): string | undefined {
  const account = address.toLowerCase();
  const { data } = useQuery({
    queryKey: forgeNameKey(account),
    queryFn: async () => (await forgeNames.load(account)) ?? "",
    // A link changes only when its owner links or unlinks; a minute's delay misleads nobody.
    staleTime: 60_000,
  });
  return data === undefined || data === "" ? undefined : data;
}
