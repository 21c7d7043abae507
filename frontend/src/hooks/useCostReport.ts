import type { CostReport, Hex } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";

import { CostReportError, costReportUrl, fetchCostReport } from "../lib/costReport.ts";

/** Where a cost report stands: as each state is shown, none of them as if the report were checked when it is not. */
export type CostReportState =
  | { status: "not-configured" }
  | { status: "loading" }
  | { status: "failed"; error: unknown; retry: () => void }
  | { status: "loaded"; report: CostReport; url: string };

/** The cost report of `hash`, fetched once and accepted only if it hashes to `hash`. */
export function useCostReport(hash: Hex): CostReportState {
  const configured = costReportUrl(hash) !== undefined;
  const query = useQuery({
    queryKey: ["cost-report", hash.toLowerCase()],
    enabled: configured,
    // A report that hashed to its name never changes.
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    // Only a failed fetch may pass; a missing, foreign or malformed file stays so.
    retry: (failures, error) => failures < 1 && error instanceof CostReportError && error.code === "UNAVAILABLE",
    queryFn: ({ signal }) => fetchCostReport(hash, signal),
  });
  if (!configured) return { status: "not-configured" };
  if (query.isPending) return { status: "loading" };
  if (query.isError) return { status: "failed", error: query.error, retry: () => void query.refetch() };
  return { status: "loaded", ...query.data };
}
