import { useDistributorState } from "../hooks/useDistributorState.ts";
import { useEpochs } from "../hooks/useEpochs.ts";
import { claimsAgreement } from "../lib/claimsAgreement.ts";
import { Notice } from "./Notice.tsx";

/**
 * On a page whose money figures come from the indexer: a warning while the indexer has not reached the epoch the
 * chain says is finalised, so older figures are not taken for current ones. Nothing while they agree, or while
 * either is still being read. (The Claim page goes further: it shows no figure at all until they agree.)
 */
export function IndexerBehind() {
  const chain = useDistributorState();
  const epochs = useEpochs();
  if (chain.data === undefined || epochs.data === undefined) return null;
  const indexed = epochs.data.items.reduce(
    (latest, e) => (e.status === "finalised" && e.number > latest ? e.number : latest),
    0n,
  );
  const agreement = claimsAgreement(chain.data, { epoch: indexed, root: undefined });
  if (agreement.kind !== "behind") return null;
  return (
    <Notice tone="warning" title="The indexer is catching up" testId="indexer-behind">
      <p>
        Epoch {agreement.chainEpoch.toString()} is finalised on-chain, but the indexer has{" "}
        {indexed === 0n ? "not reached any finalised epoch yet" : `only reached epoch ${indexed}`}: the figures below do
        not include it yet. They update by themselves once it catches up.
      </p>
    </Notice>
  );
}
