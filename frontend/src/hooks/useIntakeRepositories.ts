import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";

import { intake } from "../config/intake.ts";
import { type HeldChange, heldChanges, type IntakeRepository, ownedRepositories } from "../lib/intake.ts";

export type OwnedIntakeRepository = IntakeRepository & { held: HeldChange[] };

export const intakeRepositoriesKey = (account: Address) => ["intake", "repositories", account.toLowerCase()] as const;

/**
 * The repositories the intake took work from whose asset `account` owns now (the registry's `ownerOf`, as the
 * intake reads it), each with its change requests' held contributions.
 */
export function useIntakeRepositories(account: Address) {
  return useQuery<OwnedIntakeRepository[]>({
    queryKey: intakeRepositoriesKey(account),
    enabled: intake !== undefined,
    refetchInterval: 5_000,
    queryFn: async ({ signal }) => {
      const owned = ownedRepositories(await intake!.repositories(signal), account);
      return Promise.all(
        owned.map(async (r) => ({
          ...r,
          held: heldChanges(await intake!.contributions({ repository: r.repository, state: "held" }, signal)),
        })),
      );
    },
  });
}
