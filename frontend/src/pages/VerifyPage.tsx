import { type LeafVerification, type PayoutLeafProof, verifyPayoutLeaf } from "@coherence/protocol";
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { type Address, getAddress, type Hex, isAddress } from "viem";
import { useConnection } from "wagmi";
import { AccountForm } from "../components/AccountForm.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { Skeleton, SkeletonBlock } from "../components/Skeleton.tsx";
import { TokenAmount } from "../components/TokenAmount.tsx";
import { VerificationSteps } from "../components/VerificationSteps.tsx";
import { useClaims } from "../hooks/useClaims.ts";
import { useDistributorState } from "../hooks/useDistributorState.ts";
import { useResettableState } from "../hooks/useResettableState.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { parseLeafInput } from "../lib/parseLeafInput.ts";
import { routeHref } from "../lib/route.ts";

const ZERO_ROOT = /^0x0{64}$/;

/**
 * Verify a payout leaf against the on-chain root, in the browser, step by step. The account verified is the URL's
 * (`#/verify?account=…`), else the connected wallet's: a link to another account shows that account.
 */
export default function VerifyPage({ account }: { account: string | undefined }) {
  const modeName = useId();
  const [mode, setMode] = useResettableState<"account" | "paste">("account", account);
  const distributor = useDistributorState();
  // root() is zero while claims are paused; the finalised root is still the one the leaves belong to.
  const root = distributor.data
    ? ZERO_ROOT.test(distributor.data.root)
      ? distributor.data.finalisedRoot
      : distributor.data.root
    : undefined;
  const rootLabel =
    distributor.data && ZERO_ROOT.test(distributor.data.root)
      ? "on-chain finalised root (claims are paused)"
      : "on-chain root";

  return (
    <>
      <h1>Verify a payout</h1>
      <p>
        Check that a payout is committed on-chain without trusting this site or the indexer: the leaf and its proof are
        hashed here, in your browser, and the result is compared with the root read from the PayoutDistributor contract.
      </p>
      <fieldset className="segmented">
        <legend>What to verify</legend>
        <label>
          <input type="radio" name={modeName} checked={mode === "account"} onChange={() => setMode("account")} /> An
          account's payouts
        </label>
        <label>
          <input type="radio" name={modeName} checked={mode === "paste"} onChange={() => setMode("paste")} /> A leaf and
          proof I paste
        </label>
      </fieldset>
      <p className="muted" data-testid="onchain-root">
        {rootLabel}:{" "}
        {root !== undefined ? (
          <code className="hash-full">{root}</code>
        ) : distributor.isError ? (
          "cannot be read now"
        ) : (
          <Skeleton width="20rem" />
        )}
      </p>
      {distributor.isError ? (
        <QueryError error={distributor.error} retry={() => void distributor.refetch()} what="the on-chain root" />
      ) : null}
      {mode === "account" ? (
        <AccountVerify
          fromUrl={account}
          root={root}
          rootUnreadable={distributor.isError}
          rootLabel={rootLabel}
          onPaste={() => setMode("paste")}
        />
      ) : (
        <PasteVerify root={root} rootUnreadable={distributor.isError} rootLabel={rootLabel} />
      )}
    </>
  );
}

/** Where a verification needs the on-chain root: the root, or why it is not there yet. */
type RootProps = { root: Hex | undefined; rootUnreadable: boolean; rootLabel: string };

/** The steps, once there is a leaf and a root to check it against; a loading line while the root is read. */
function Verification({
  verification,
  root,
  rootUnreadable,
  rootLabel,
}: RootProps & { verification?: LeafVerification }) {
  if (verification) return <VerificationResult verification={verification} rootLabel={rootLabel} />;
  if (root === undefined && rootUnreadable)
    return (
      <p className="muted" data-testid="awaiting-root">
        The steps appear once the {rootLabel} can be read.
      </p>
    );
  return <SkeletonBlock lines={6} label="Reading the root" />;
}

function AccountVerify({
  fromUrl,
  onPaste,
  ...rootProps
}: RootProps & { fromUrl: string | undefined; onPaste: () => void }) {
  const { root } = rootProps;
  const connection = useConnection();
  const shown = fromUrl ?? connection.address;
  const account = shown !== undefined && isAddress(shown, { strict: false }) ? getAddress(shown) : undefined;
  const [text, setText] = useResettableState(shown ?? "", shown);
  const [typedInvalid, setTypedInvalid] = useResettableState(false, shown);
  const invalid = typedInvalid || (shown !== undefined && account === undefined);
  // The leaf is chosen by token, so another account shows its first leaf unless it has the same token.
  const [selectedToken, setSelectedToken] = useState<Address | undefined>(undefined);
  const claims = useClaims(account);
  const leaves = claims.data?.kind === "claims" ? claims.data.claims.leaves : [];
  const { describe } = useTokens(leaves.map((l) => l.token));
  const leaf = leaves.find((l) => l.token === selectedToken) ?? leaves[0];
  const verification = useMemo(
    () =>
      leaf && account && root
        ? verifyPayoutLeaf(
            { account, token: leaf.token, cumulativeAmount: leaf.cumulativeAmount, proof: leaf.proof },
            root,
          )
        : undefined,
    [leaf, account, root],
  );
  return (
    <div className="stack">
      <AccountForm
        text={text}
        onText={setText}
        invalid={invalid}
        onInvalid={setTypedInvalid}
        onAddress={(address) => {
          window.location.hash = routeHref({ name: "verify", account: getAddress(address) });
        }}
        placeholder="0x…"
        button="Load payouts"
      />
      {account === undefined ? null : claims.isPending ? (
        <SkeletonBlock lines={3} label="Loading the account's payouts" />
      ) : claims.isError ? (
        <>
          <QueryError error={claims.error} retry={() => void claims.refetch()} what="the account's payouts" />
          <p data-testid="verify-offline-hint">
            A leaf you paste is verified against the chain alone, without the indexer:{" "}
            <button type="button" className="button-quiet" onClick={onPaste}>
              paste a leaf and its proof
            </button>
            .
          </p>
        </>
      ) : claims.data.kind === "none" ? (
        <Notice tone="info" title="No payout to verify" testId="verify-none">
          <p>{claims.data.message}</p>
        </Notice>
      ) : (
        <>
          <fieldset className="leaf-picker">
            <legend>Leaf (epoch {claims.data.claims.epoch.number.toString()})</legend>
            {leaves.map((l) => {
              const token = describe(l.token);
              return (
                <label key={l.token}>
                  <input type="radio" name="leaf" checked={l === leaf} onChange={() => setSelectedToken(l.token)} />{" "}
                  {token.symbol}: cumulative <TokenAmount value={l.cumulativeAmount} {...token} />
                </label>
              );
            })}
          </fieldset>
          <Verification verification={verification} {...rootProps} />
        </>
      )}
    </div>
  );
}

const EXAMPLE = `{
  "account": "0x…",
  "token": "0x…",
  "cumulativeAmount": "1000000",
  "proof": ["0x…", "0x…"]
}`;

function PasteVerify(rootProps: RootProps) {
  const { root } = rootProps;
  const textId = useId();
  const [text, setText] = useState("");
  const [leaf, setLeaf] = useState<PayoutLeafProof | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const verification = useMemo(() => (leaf && root ? verifyPayoutLeaf(leaf, root) : undefined), [leaf, root]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseLeafInput(text);
    if (parsed.ok) {
      setLeaf(parsed.leaf);
      setError(undefined);
    } else {
      setLeaf(undefined);
      setError(`${parsed.field}: ${parsed.message}`);
    }
  };
  return (
    <form className="stack" onSubmit={submit}>
      <label htmlFor={textId}>Leaf and proof (JSON)</label>
      <textarea
        id={textId}
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={EXAMPLE}
        spellCheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={error ? `${textId}-error` : `${textId}-help`}
      />
      <p id={`${textId}-help`} className="muted">
        Paste <code>account</code>, <code>token</code>, <code>cumulativeAmount</code> (base units, as a decimal string)
        and <code>proof</code> (32-byte hex values), for example a leaf of the claims API or of an epoch manifest. This
        needs only the chain: it works while the indexer is down.
      </p>
      {error ? (
        <p id={`${textId}-error`} className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div>
        <button type="submit" className="button-primary">
          Verify
        </button>
      </div>
      {leaf ? <Verification verification={verification} {...rootProps} /> : null}
    </form>
  );
}

/**
 * The steps of a verification, brought into view and focused when they appear or change: they land below the form,
 * often below the fold, and the person asked for them.
 */
function VerificationResult({ verification, rootLabel }: { verification: LeafVerification; rootLabel: string }) {
  const result = useRef<HTMLElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new verification is what is brought into view.
  useEffect(() => {
    result.current?.scrollIntoView({ block: "start" });
    result.current?.focus({ preventScroll: true });
  }, [verification]);
  return (
    <section ref={result} tabIndex={-1} data-testid="verify-result" aria-label="Verification result">
      <VerificationSteps verification={verification} rootLabel={rootLabel} />
    </section>
  );
}
