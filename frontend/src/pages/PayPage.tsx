import type { PaymentPlan, PaymentReceipt } from "@coherence/protocol/actions";
import { type FormEvent, useId, useMemo, useState } from "react";
import type { Address } from "viem";

import { HashValue } from "../components/Address.tsx";
import { AssetLink } from "../components/AssetLink.tsx";
import { Figure } from "../components/Figure.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import { type PayableToken, useAllowedTokens } from "../hooks/useAllowedTokens.ts";
import { useAssetList } from "../hooks/useAssetList.ts";
import { usePayment } from "../hooks/usePayment.ts";
import { useTokenBalances } from "../hooks/useTokenBalances.ts";
import { assetName } from "../lib/assetLabel.ts";
import { formatAmount } from "../lib/formatAmount.ts";
import { type StepProgress, stepWords } from "../lib/paymentProgress.ts";

/** The parts of a payment as the router splits it, in the order shown. */
const SPLIT = [
  ["fee", "Distribution fee (to the treasury)"],
  ["reserve", "Operational reserve"],
  ["pool", "Contributor pool (to the asset's contributors and its lineage)"],
] as const;

const STATUS_WORDS: Record<StepProgress["status"], string> = {
  waiting: "waiting",
  "awaiting-signature": "confirm in your wallet",
  pending: "pending",
  done: "done",
  failed: "failed",
};

/** The Pay page: pick an asset, an allowlisted token and an amount, see the router's split, then pay. */
export default function PayPage({ asset }: { asset: bigint | undefined }) {
  return (
    <>
      <h1>Pay revenue to an asset</h1>
      <WalletGate action="Paying" why="Connect the wallet of the account you pay from.">
        {(account) => <PayPanel account={account} initialAsset={asset} />}
      </WalletGate>
    </>
  );
}

function PayPanel({ account, initialAsset }: { account: Address; initialAsset: bigint | undefined }) {
  const ids = { asset: useId(), token: useId(), amount: useId() };
  const assets = useAssetList();
  const listed = useMemo(() => assets.data?.pages.flatMap((p) => p.items) ?? [], [assets.data]);
  const { tokens } = useAllowedTokens();
  const balances = useTokenBalances(
    account,
    tokens.map((t) => t.address),
  );
  const payment = usePayment(account);
  const [assetId, setAssetId] = useState(initialAsset?.toString() ?? "");
  const [tokenAddress, setTokenAddress] = useState<string>("");
  const [amount, setAmount] = useState("");
  const token = tokens.find((t) => t.address === tokenAddress) ?? tokens.find((t) => t.allowed !== false);
  const { state } = payment;
  const busy = state.status === "planning" || state.status === "sending";
  // A link may name an asset the indexer does not list (yet): it stays selectable, and the review says why not.
  const unlisted = assetId !== "" && !listed.some((a) => a.id.toString() === assetId);

  // Any change to what is paid makes the review stale.
  const edit = (apply: () => void) => {
    apply();
    if (state.status !== "sending") payment.reset();
  };
  const review = (event: FormEvent) => {
    event.preventDefault();
    if (token === undefined || assetId === "") return;
    void payment.review({ assetId: BigInt(assetId), token: token.address, amount });
  };

  return (
    <div className="stack">
      <form className="panel stack" onSubmit={review} data-testid="pay-form">
        <div className="field">
          <label htmlFor={ids.asset}>Asset</label>
          {assets.isError ? (
            <QueryError error={assets.error} retry={() => void assets.refetch()} what="the assets" />
          ) : (
            <select
              id={ids.asset}
              value={assetId}
              disabled={busy}
              onChange={(e) => edit(() => setAssetId(e.target.value))}
            >
              <option value="">{assets.isPending ? "Loading the assets…" : "Choose an asset"}</option>
              {unlisted ? (
                <option value={assetId}>
                  #{assetId}
                  {assets.isSuccess ? " (not listed by the indexer)" : ""}
                </option>
              ) : null}
              {listed.map((a) => (
                <option key={a.id.toString()} value={a.id.toString()}>
                  #{a.id.toString()} {assetName(a.uri)} ({a.kind})
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.token}>Token</label>
          <select
            id={ids.token}
            value={token?.address ?? ""}
            disabled={busy}
            onChange={(e) => edit(() => setTokenAddress(e.target.value))}
          >
            {tokens.map((t, i) => (
              <option key={t.address} value={t.address}>
                {tokenOption(t, balances.data?.[i])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.amount}>Amount{token ? ` in ${token.symbol}` : ""}</label>
          <input
            id={ids.amount}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            placeholder="250 or 12.5"
            disabled={busy}
            onChange={(e) => edit(() => setAmount(e.target.value))}
          />
        </div>
        <p>
          <button type="submit" disabled={busy || token === undefined || assetId === ""}>
            {state.status === "planning" ? "Checking…" : "Review the payment"}
          </button>
        </p>
      </form>

      {state.status === "refused" ? (
        <Notice tone="error" title="This payment cannot be made" testId="pay-refused" focus>
          <p>{state.message}</p>
          <p>Nothing was sent.</p>
        </Notice>
      ) : null}
      {state.status === "planned" || state.status === "sending" || state.status === "failed" ? (
        <PaymentReview plan={state.plan} />
      ) : null}
      {state.status === "planned" ? (
        <p>
          <button
            type="button"
            className="button-primary"
            onClick={() => void payment.pay(state.plan)}
            data-testid="pay-send"
          >
            Pay {state.plan.display} {state.plan.token.symbol} to asset #{state.plan.assetId.toString()}
          </button>
        </p>
      ) : null}
      {state.status === "sending" || state.status === "paid" || state.status === "failed" ? (
        <PaymentSteps
          progress={state.progress}
          symbol={(state.status === "paid" ? state.receipt.plan : state.plan).token.symbol}
        />
      ) : null}
      {state.status === "failed" ? (
        <Notice
          tone="error"
          title={state.rejected ? "Rejected in your wallet" : "The payment was not made"}
          testId="pay-failed"
          focus
        >
          <p>
            {state.rejected
              ? "You rejected the request in your wallet, so nothing was paid."
              : `${state.message} Nothing was paid.`}
            {state.progress.some((p) => p.step === "approve" && p.status === "done")
              ? " The approval went through; paying again will not ask for it again."
              : ""}
          </p>
          <button
            type="button"
            onClick={() =>
              void payment.review({
                assetId: state.plan.assetId,
                token: state.plan.token.address,
                amount: state.plan.display,
              })
            }
          >
            Try again
          </button>
        </Notice>
      ) : null}
      {state.status === "paid" ? <PaymentReceiptView receipt={state.receipt} /> : null}
    </div>
  );
}

/** A token as the picker offers it: how it is paid, and what the account holds of it. */
function tokenOption(token: PayableToken, balance: bigint | undefined): string {
  if (token.allowed === false) return `${token.symbol} (not on the allowlist: the router refuses it)`;
  const held = balance === undefined ? "" : `, you hold ${formatAmount(balance, token.decimals)}`;
  return `${token.symbol} (${token.permit ? "permit: one transaction" : "approve, then pay"}${held})`;
}

/** What the router will do with the amount, read from the chain before anything is sent. */
function PaymentReview({ plan }: { plan: PaymentPlan }) {
  const token = plan.token;
  const steps =
    plan.steps.length === 1 && plan.steps[0] === "pay"
      ? "one transaction: the router may already take this amount (allowance)"
      : plan.steps.includes("payWithPermit")
        ? "one transaction: you sign a permit (no gas), then payWithPermit"
        : "two transactions: approve, then pay";
  return (
    <section className="panel" aria-labelledby="pay-review-title" data-testid="pay-preview">
      <h2 id="pay-review-title">
        {plan.display} {token.symbol} to <AssetLink id={plan.assetId} />
      </h2>
      <p>The router splits it as follows (its previewSplit under the parameters in force now):</p>
      <dl className="figures">
        {SPLIT.map(([part, term]) => (
          <Figure key={part} term={term} testId={`split-${part}`}>
            <TokenAmount value={plan.split[part]} {...token} />
          </Figure>
        ))}
      </dl>
      <p data-testid="pay-plan-steps">Sent as {steps}.</p>
    </section>
  );
}

function PaymentSteps({ progress, symbol }: { progress: readonly StepProgress[]; symbol: string }) {
  return (
    <section aria-labelledby="pay-steps-title" aria-live="polite">
      <h2 id="pay-steps-title">Steps</h2>
      <ol className="steps" data-testid="pay-steps">
        {progress.map((p) => (
          <li key={p.step} data-step={p.step} data-status={p.status}>
            {stepWords(p.step, symbol)}: <strong>{STATUS_WORDS[p.status]}</strong>
            {p.hash ? (
              <>
                {" "}
                · <HashValue value={p.hash} label="transaction hash" explorer="tx" />
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** What the router recorded (its `RevenuePaid` event) and where. */
function PaymentReceiptView({ receipt }: { receipt: PaymentReceipt }) {
  const { plan, paid, transactions } = receipt;
  return (
    <Notice
      tone="success"
      title={`Paid ${plan.display} ${plan.token.symbol} to asset #${plan.assetId}`}
      testId="pay-receipt"
      focus
    >
      <p data-testid="receipt-block">Mined in block {paid.blockNumber.toString()}.</p>
      <ul>
        {transactions.map((t) => (
          <li key={t.transactionHash} data-testid="receipt-tx" data-step={t.step} data-hash={t.transactionHash}>
            {t.step}: <HashValue value={t.transactionHash} label="transaction hash" explorer="tx" />
          </li>
        ))}
      </ul>
      <p>The router recorded this split:</p>
      <dl className="figures">
        {SPLIT.map(([part, term]) => (
          <Figure key={part} term={term} testId={`receipt-${part}`}>
            <TokenAmount value={paid[part]} {...plan.token} />
          </Figure>
        ))}
      </dl>
    </Notice>
  );
}
