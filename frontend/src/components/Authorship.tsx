import { type Authorship, UNVERIFIED } from "../lib/authorship.ts";
import { formatTimestamp } from "../lib/format.ts";
import { Address, HashValue } from "./Address.tsx";

/** "verified author" or "unverified", for an asset's heading or card. */
export function AuthorshipBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <span
      className="badge badge-done"
      data-testid="verified-badge"
      title="A verifier confirmed its owner is the author"
    >
      verified author
    </span>
  ) : (
    <span className="badge badge-wait" data-testid="unverified-badge" title={UNVERIFIED}>
      unverified
    </span>
  );
}

/** Who confirmed the author and when, and from whom the author took the asset back; or that nobody confirmed it. */
export function AuthorshipDetail({ authorship }: { authorship: Authorship }) {
  if (!authorship.verified) return <span data-testid="authorship">{UNVERIFIED}.</span>;
  return (
    <span data-testid="authorship">
      <span className="line">
        Verified author: confirmed by the verifier <Address value={authorship.verifier} link={false} /> on{" "}
        {formatTimestamp(authorship.verifiedAt)} ·{" "}
        <HashValue value={authorship.verifiedTx} label="verification transaction" />
      </span>
      {authorship.reclaimedFrom === null ? null : (
        <span className="line" data-testid="reclaimed-from">
          The author took it back from <Address value={authorship.reclaimedFrom} />, who had registered its content
          first; the lineage is the author's.
        </span>
      )}
    </span>
  );
}
