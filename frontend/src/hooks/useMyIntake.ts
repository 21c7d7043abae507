import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import { intake } from "../config/intake.ts";
import { intakeForgeOf, type MyIntake, sortMyIntake } from "../lib/intake.ts";
import { useForgeLinks } from "./useForgeLinks.ts";

/**
 * What the intake has of `account`'s work: its contributions (by address) and the refusals naming each of its
 * active forge logins (from the indexer's links, as the Forge accounts page shows them). Asked again every 5 s,
 * so work the relayer attests meanwhile moves by itself.
 */
export function useMyIntake(account: Address) {
  const links = useForgeLinks(account);
  const logins = (links.data ?? [])
    .filter((l) => l.ended === undefined)
    .flatMap((l) => {
      const forge = intakeForgeOf(l.statement.forge);
      return forge === undefined ? [] : [{ forge, login: l.statement.login }];
    });
  const mine = useQuery<MyIntake>({
    queryKey: ["intake", "mine", account.toLowerCase(), logins],
    enabled: intake !== undefined && !links.isPending,
    refetchInterval: 5_000,
    queryFn: async ({ signal }) => {
      const [contributions, ...refusals] = await Promise.all([
        intake!.contributions({ contributor: account }, signal),
        ...logins.map((l) => intake!.refusals(l, signal)),
      ]);
      return sortMyIntake(contributions, refusals.flat());
    },
  });
  return { mine, links, logins };
}
