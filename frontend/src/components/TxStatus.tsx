import type { ClaimTxState } from "../hooks/useClaimTransaction.ts";
import type { DescribeToken, TxFailure } from "../lib/txError.ts";
import { HashValue } from "./Address.tsx";
import { AddTokenButton } from "./AddTokenButton.tsx";
import { Notice } from "./Notice.tsx";
import { TokenAmount } from "./TokenAmount.tsx";

/** The claim transaction's progress, from the signature request to the confirmation or the decoded error. */
export function TxStatus({
  state,
  describe,
  onDismiss,
}: {
  state: ClaimTxState;
  describe: DescribeToken;
  onDismiss: () => void;
}) {
  const what = (tokens: readonly `0x${string}`[]) => tokens.map((t) => describe(t).symbol).join(" + ");
  return (
    <div className="tx-status" aria-live="polite" data-testid="tx-status" data-status={state.status}>
      {state.status === "idle" ? null : state.status === "preparing" ? (
        <Notice tone="info" title={`Preparing the claim of ${what(state.tokens)}…`}>
          <p>Checking the claim against the contract before asking for your signature.</p>
        </Notice>
      ) : state.status === "awaiting-signature" ? (
        <Notice tone="info" title="Confirm in your wallet" testId="tx-awaiting-signature">
          <p>Your wallet asks you to sign the claim of {what(state.tokens)}.</p>
        </Notice>
      ) : state.status === "pending" ? (
        <TxPending hash={state.hash} />
      ) : state.status === "confirmed" ? (
        <Notice tone="success" title="Claim confirmed" testId="tx-confirmed" focus>
          <p>
            Mined in block {state.blockNumber.toString()}:{" "}
            <HashValue value={state.hash} label="transaction hash" explorer="tx" />
          </p>
          <ul>
            {state.paid.map((p) => (
              <li key={p.token}>
                Paid <TokenAmount value={p.amount} {...describe(p.token)} /> to your account.{" "}
                <AddTokenButton address={p.token} {...describe(p.token)} />
              </li>
            ))}
          </ul>
          <button type="button" className="button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        </Notice>
      ) : (
        <TxFailed
          failure={state.failure}
          titles={{
            contract: "The contract refused the claim",
            unreachable: "The claim was not sent",
            other: "The claim failed",
          }}
          onDismiss={onDismiss}
        />
      )}
    </div>
  );
}

/** A transaction sent and not yet mined. */
export function TxPending({ hash }: { hash: `0x${string}` }) {
  return (
    <Notice tone="info" title="Transaction pending" testId="tx-pending">
      <p>
        Submitted <HashValue value={hash} label="transaction hash" explorer="tx" />; waiting for it to be mined.
      </p>
    </Notice>
  );
}

/**
 * A transaction that failed: a title by kind (a rejected signature is always "Signature rejected"; kinds without
 * their own title take `other`'s), the decoded reason, and the contract's error name where it gave one.
 */
export function TxFailed({
  failure,
  titles,
  onDismiss,
}: {
  failure: TxFailure;
  titles: Partial<Record<Exclude<TxFailure["kind"], "rejected">, string>> & { other: string };
  onDismiss: () => void;
}) {
  const title = failure.kind === "rejected" ? "Signature rejected" : (titles[failure.kind] ?? titles.other);
  return (
    <Notice tone="error" title={title} testId={`tx-failed-${failure.kind}`} focus>
      <p>{failure.message}</p>
      {failure.kind === "contract" ? <p className="muted mono">{failure.errorName}</p> : null}
      <button type="button" className="button-quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </Notice>
  );
}
