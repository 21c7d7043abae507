import type { Address as EvmAddress } from "viem";

import { Address } from "../components/Address.tsx";
import { IntakeGates } from "../components/IntakeGates.tsx";
import { IntakeNotConfigured, IntakeQueryError } from "../components/IntakeStatus.tsx";
import { Notice } from "../components/Notice.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import { intake } from "../config/intake.ts";
import { type ApproveState, useApproveHeld } from "../hooks/useApproveHeld.ts";
import { type OwnedIntakeRepository, useIntakeRepositories } from "../hooks/useIntakeRepositories.ts";
import { formatMicroUsd } from "../lib/format.ts";

/**
 * Intake: for a maintainer, the repositories whose asset the connected address owns, how many of their
 * contributions are in each state, and the work a gate held back, approved here with a signed IntakeApproval.
 */
export default function IntakePage() {
  return (
    <>
      <h1>Intake</h1>
      <p className="muted">
        The repositories whose asset you own, as the forge intake sees them, and the merged work their gates held back
        for you to approve. Approving signs a statement in your wallet; no transaction is sent.
      </p>
      {intake === undefined ? (
        <IntakeNotConfigured />
      ) : (
        <WalletGate
          action="Seeing your repositories' intake"
          why="Connect the wallet that owns the repository's asset."
        >
          {(account) => <Repositories account={account} />}
        </WalletGate>
      )}
    </>
  );
}

function Repositories({ account }: { account: EvmAddress }) {
  const repositories = useIntakeRepositories(account);
  const approval = useApproveHeld(account);
  if (repositories.isPending) return <SkeletonBlock lines={4} label="Loading your repositories" />;
  if (repositories.isError)
    return (
      <IntakeQueryError
        error={repositories.error}
        retry={() => void repositories.refetch()}
        what="your repositories' intake"
      />
    );
  if (repositories.data.length === 0)
    return (
      <p data-testid="intake-no-repositories">
        The intake has taken no work from a repository whose asset <Address value={account} /> owns.
      </p>
    );
  const busy = approval.state.status === "awaiting-signature" || approval.state.status === "posting";
  return (
    <div className="stack">
      <ApprovalStatus state={approval.state} onDismiss={approval.reset} />
      {repositories.data.map((r) => (
        <RepositoryPanel
          key={r.repository}
          repository={r}
          busy={busy}
          approve={(held) => void approval.approve(r.forge, held)}
        />
      ))}
    </div>
  );
}

function RepositoryPanel({
  repository: r,
  busy,
  approve,
}: {
  repository: OwnedIntakeRepository;
  busy: boolean;
  approve: (held: OwnedIntakeRepository["held"][number]) => void;
}) {
  return (
    <section className="panel" aria-label={r.repository} data-testid="intake-repository" data-repository={r.repository}>
      <h2>{r.repository}</h2>
      <p>
        {r.forge}, asset <a href={`#/assets/${r.assetId}`}>#{r.assetId.toString()}</a>, owned by{" "}
        <Address value={r.owner} />
      </p>
      <p data-testid="intake-counts">
        {r.counts.pending} pending, {r.counts.held} held, {r.counts.attested} attested, {r.counts.refused} refused
      </p>
      <IntakeGates gates={r.gates} verifiedAt={r.gatesVerifiedAt} />
      {r.held.length === 0 ? (
        <p data-testid="intake-nothing-held">Nothing is held for approval.</p>
      ) : (
        <ul className="card-list" data-testid="intake-held">
          {r.held.map((held) => (
            <li key={held.number} className="card" data-testid="held-change" data-change={held.number}>
              <p className="card-title">
                <strong>
                  {held.repository}#{held.number}
                </strong>{" "}
                claims {formatMicroUsd(held.claimedMicroUsd)} for {held.contributions.map((c) => c.login).join(", ")}
              </p>
              <p data-testid="held-reason">{held.contributions[0]?.heldReason}</p>
              <button type="button" data-testid="approve" disabled={busy} onClick={() => approve(held)}>
                Approve {held.repository}#{held.number}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ApprovalStatus({ state, onDismiss }: { state: ApproveState; onDismiss: () => void }) {
  switch (state.status) {
    case "idle":
      return null;
    case "awaiting-signature":
      return (
        <Notice tone="info" title={`Sign the approval of ${state.change} in your wallet`} testId="approve-signing" />
      );
    case "posting":
      return (
        <Notice tone="info" title={`Sending the approval of ${state.change} to the intake`} testId="approve-posting" />
      );
    case "approved":
      return (
        <Notice tone="success" title={`Approved ${state.change}`} testId="approve-done" focus>
          <p>
            {state.released} held contribution{state.released === 1 ? "" : "s"} released: the relayer attests them in
            its next batch.
          </p>
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </Notice>
      );
    case "failed":
      return (
        <Notice
          tone={state.rejected ? "warning" : "error"}
          title={`Not approved: ${state.change}`}
          testId="approve-failed"
          focus
        >
          <p>{state.message}</p>
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </Notice>
      );
  }
}
