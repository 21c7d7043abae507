import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { linkRegistry } from "../config/forgeLinkRegistry.ts";
import { intake } from "../config/intake.ts";
import { graphql } from "../lib/indexer.ts";
import { intakeForgeOf, type MyIntake, sortMyIntake } from "../lib/intake.ts";
import { refusalsOfAccount } from "../lib/intakeRefusals.ts";
import { type CheckedForgeLink, fetchForgeLinks, forgeLinksKey } from "./useForgeLinks.ts";

/** How often the page asks again: the relayer attests, and a link made meanwhile is indexed, by themselves. */
const REFRESH_MS = 5_000;

/**
 * What the intake has of `account`'s work: its contributions (by address) and the refusals naming each of its
 * active forge logins (the indexer's links, which the Forge accounts page shows; none where the deployment has no
 * ForgeLinkRegistry), each kept for the host its link names: the intake records a refusal's forge host, so a
 * same-named account on another forge (a self-managed GitLab's, GitHub Enterprise's) is not shown this one's.
 */
export function useMyIntake(account: Address) {
  const links = useQuery<CheckedForgeLink[]>({
    queryKey: forgeLinksKey(account),
    enabled: linkRegistry !== undefined,
    refetchInterval: REFRESH_MS,
    queryFn: ({ signal }) => fetchForgeLinks(linkRegistry!, account, graphql, signal),
  });
  const linksPending = linkRegistry !== undefined && links.isPending;
  const logins = (links.data ?? [])
    .filter((l) => l.ended === undefined)
    .map((l) => ({ host: l.statement.forge, forge: intakeForgeOf(l.statement.forge), login: l.statement.login }));
  const mine = useQuery<MyIntake>({
    queryKey: ["intake", "mine", account.toLowerCase(), logins],
    enabled: intake !== undefined && !linksPending,
    refetchInterval: REFRESH_MS,
    queryFn: async ({ signal }) => {
      const [contributions, ...refusals] = await Promise.all([
        intake!.contributions({ contributor: account }, signal),
        ...logins.map(async ({ host, login }) =>
          refusalsOfAccount(await intake!.refusals({ login }, signal), { host, login }),
        ),
      ]);
      return sortMyIntake(contributions, refusals.flat());
    },
  });
  return { mine, links, linksPending, logins };
}
