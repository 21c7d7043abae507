import { useMemo } from "react";

import { type CheckedCost, checkedCostsOf } from "../lib/checkedCosts.ts";
import type { EpochRow } from "../lib/epochs.ts";
import { errorText } from "../lib/errorText.ts";
import { manifestUrl } from "../lib/manifest.ts";
import { useManifest } from "./useManifest.ts";

export type CheckedCosts = {
  /** By lower-case contribution id: the cost as the latest finalised epoch weighed it. */
  costs: ReadonlyMap<string, CheckedCost>;
  isLoading: boolean;
  /** Why the latest finalised epoch's manifest cannot be read, if it cannot: what it paid is then unknown here. */
  unreadable: string | undefined;
};

/**
 * What the latest finalised epoch paid for each contribution it weighed, from its manifest (verified against its
 * on-chain hash). Each epoch weighs every attested, unrevoked contribution, so the latest one has them all.
 * `epochs` is undefined while they load.
 */
export function useCheckedCosts(epochs: readonly EpochRow[] | undefined): CheckedCosts {
  const latest = epochs
    ?.filter((e) => e.status === "finalised")
    .reduce<EpochRow | undefined>((a, b) => (a === undefined || b.number > a.number ? b : a), undefined);
  const manifest = useManifest(latest);
  const configured = latest === undefined || manifestUrl(latest.number, latest.manifestHash) !== undefined;
  return useMemo(
    () => ({
      costs: manifest.data === undefined ? new Map() : checkedCostsOf(manifest.data.manifest),
      isLoading: epochs === undefined || manifest.isLoading,
      unreadable: !configured
        ? "No manifest source is configured for this app (VITE_MANIFEST_URL)."
        : manifest.error
          ? errorText(manifest.error)
          : undefined,
    }),
    [epochs, manifest.data, manifest.isLoading, manifest.error, configured],
  );
}
