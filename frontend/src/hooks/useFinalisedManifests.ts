import type { Manifest } from "@coherence/protocol";
import { useQueries } from "@tanstack/react-query";

import { errorText } from "../lib/errorText.ts";
import { manifestUrl } from "../lib/manifest.ts";
import { useEpochs } from "./useEpochs.ts";
import { manifestQuery } from "./useManifest.ts";

export type FinalisedManifests = {
  /** Every finalised epoch's manifest, once all are read. */
  manifests: Manifest[] | undefined;
  isLoading: boolean;
  /** Why they cannot all be read, if they cannot. */
  unreadable: string | undefined;
};

/**
 * The manifests of every finalised epoch (each verified against its on-chain hash; one fetch each, shared with the
 * other pages): what was paid, to whom and why, over the network's life. A revoked epoch is not finalised any
 * more, and the epoch after it covers its blocks again.
 */
export function useFinalisedManifests(): FinalisedManifests {
  const epochs = useEpochs();
  const finalised = (epochs.data?.items ?? []).filter((e) => e.status === "finalised");
  const manifests = useQueries({
    queries: finalised.map((e) => ({
      ...manifestQuery(e.number, e.manifestHash),
      enabled: manifestUrl(e.number, e.manifestHash) !== undefined,
    })),
  });
  const configured = finalised.every((e) => manifestUrl(e.number, e.manifestHash) !== undefined);
  const failed = manifests.find((m) => m.error);
  const all = manifests.every((m) => m.data !== undefined);
  return {
    manifests: epochs.data !== undefined && all ? manifests.map((m) => m.data!.manifest) : undefined,
    isLoading: epochs.isPending || manifests.some((m) => m.isLoading),
    unreadable: !configured
      ? "No manifest source is configured for this app (VITE_MANIFEST_URL)."
      : epochs.error
        ? errorText(epochs.error)
        : failed?.error
          ? errorText(failed.error)
          : undefined,
  };
}
