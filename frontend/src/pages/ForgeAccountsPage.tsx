import type { ForgeKind } from "@coherence/protocol";
import { type FormEvent, type ReactNode, useState } from "react";
import type { Address as EvmAddress } from "viem";

import { Address, HashValue } from "../components/Address.tsx";
import { CopyButton } from "../components/CopyButton.tsx";
import { IndexerBehind } from "../components/IndexerBehind.tsx";
import { Notice, QueryError } from "../components/Notice.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { TxFailed, TxPending } from "../components/TxStatus.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import { targetChain } from "../config/chains.ts";
import { linkRegistry } from "../config/forgeLinkRegistry.ts";
import { type CheckedForgeLink, useForgeLinks } from "../hooks/useForgeLinks.ts";
import { useSignForgeLink } from "../hooks/useSignForgeLink.ts";
import { type UnlinkTxState, useUnlinkForge } from "../hooks/useUnlinkForge.ts";
import { chosenForgeHost, endedWords, loginProblem } from "../lib/forgeLinks.ts";
import { formatTimestamp } from "../lib/format.ts";

/**
 * Forge accounts: the connected address's links to GitHub and GitLab accounts (each signature checked here), a new
 * link statement signed for the forge account to post (naming a self-managed forge by its host, as the intake names
 * its repositories), and an unlink sent from the address itself.
 */
export default function ForgeAccountsPage() {
  return (
    <>
      <h1>Forge accounts</h1>
      <p className="muted">
        Link your GitHub or GitLab account (on github.com, gitlab.com, or a self-managed GitLab or GitHub Enterprise) to
        this address so the work it merges into opted-in repositories is attested to you. Links are public and on-chain,
        in the ForgeLinkRegistry; you can end yours at any time.
      </p>
      {linkRegistry === undefined ? (
        <Notice tone="warning" title="Linking is not available on this network" testId="no-link-registry">
          <p>
            The deployment on {targetChain.name} (chain {targetChain.id}) has no ForgeLinkRegistry, so forge accounts
            cannot be linked here.
          </p>
        </Notice>
      ) : (
        <>
          <IndexerBehind />
          <WalletGate action="Linking a forge account" why="Connect the wallet of the address to be paid.">
            {(account) => (
              <div className="stack">
                <LinkList account={account} />
                <LinkForm account={account} />
              </div>
            )}
          </WalletGate>
        </>
      )}
    </>
  );
}

/** The address's links: the active ones with Unlink, then the ended ones with why. */
function LinkList({ account }: { account: EvmAddress }) {
  const tx = useUnlinkForge(account);
  // Once an unlink is mined the indexer has it a moment later: the list is asked again until it shows it ended.
  const endingOn = tx.state.status === "confirmed" ? tx.state.forge : undefined;
  const links = useForgeLinks(account, { endingOn });
  const active = (links.data ?? []).filter((l) => l.ended === undefined);
  const ended = (links.data ?? []).filter((l) => l.ended !== undefined);
  const indexing = endingOn !== undefined && active.some((l) => l.statement.forge === endingOn);

  const sending =
    tx.state.status === "preparing" || tx.state.status === "awaiting-signature" || tx.state.status === "pending";
  return (
    <section className="panel" aria-labelledby="links-title">
      <h2 id="links-title">Your links</h2>
      {links.isPending ? (
        <SkeletonBlock lines={3} label="Loading your forge links" />
      ) : links.isError ? (
        <QueryError error={links.error} retry={() => void links.refetch()} what="your forge links" />
      ) : links.data.length === 0 ? (
        <p data-testid="no-forge-links">
          <Address value={account} /> has no forge account linked yet.
        </p>
      ) : (
        <>
          {active.length === 0 ? (
            <p data-testid="no-active-links">No active link.</p>
          ) : (
            <ul className="card-list" data-testid="active-links">
              {active.map((link) => (
                <LinkCard key={link.id} link={link}>
                  <button
                    type="button"
                    data-testid="unlink"
                    disabled={sending}
                    onClick={() => void tx.unlink(link.statement.forge)}
                  >
                    Unlink {link.statement.login}@{link.statement.forge}
                  </button>
                </LinkCard>
              ))}
            </ul>
          )}
          {ended.length === 0 ? null : (
            <>
              <h3>Ended links</h3>
              <ul className="card-list" data-testid="ended-links">
                {ended.map((link) => (
                  <LinkCard key={link.id} link={link}>
                    <p data-testid="ended-why">
                      Ended {formatTimestamp(link.ended!.at)}: {endedWords(link.ended!.cause)}{" "}
                      <HashValue value={link.ended!.tx} label="unlink transaction hash" explorer="tx" />
                    </p>
                  </LinkCard>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <UnlinkStatus state={tx.state} indexing={indexing} onDismiss={tx.reset} />
    </section>
  );
}

/** One link: who, since when, and whether its signature verified here. */
function LinkCard({ link, children }: { link: CheckedForgeLink; children: ReactNode }) {
  const { forge, login, nonce } = link.statement;
  return (
    <li className="card" data-testid="forge-link" data-link={link.id} data-active={link.ended === undefined}>
      <p className="card-title">
        <strong>
          {login}@{forge}
        </strong>{" "}
        {link.verified ? (
          <span className="badge badge-done" data-testid="link-verified">
            signature verified
          </span>
        ) : (
          <span className="badge badge-bad" data-testid="link-unverified">
            signature not verified
          </span>
        )}
      </p>
      <p>
        {forge} account #{link.forgeAccountId.toString()}, linked {formatTimestamp(link.linkedAt)} with statement nonce{" "}
        {nonce.toString()} in <HashValue value={link.linkedTx} label="link transaction hash" explorer="tx" />
      </p>
      {link.verified ? null : (
        <p className="muted">
          The signature the indexer holds does not recover to this address over the statement. The registry checked it
          when it recorded the link; a contract wallet's signature can only be checked on-chain.
        </p>
      )}
      {children}
    </li>
  );
}

/** The unlink transaction's progress, from the wallet's request to the link shown as ended. */
function UnlinkStatus({
  state,
  indexing,
  onDismiss,
}: {
  state: UnlinkTxState;
  indexing: boolean;
  onDismiss: () => void;
}) {
  return (
    <div className="tx-status" aria-live="polite" data-testid="tx-status" data-status={state.status}>
      {state.status === "idle" ? null : state.status === "preparing" ? (
        <Notice tone="info" title={`Preparing the unlink from ${state.forge}…`}>
          <p>Checking the unlink against the registry before asking for your signature.</p>
        </Notice>
      ) : state.status === "awaiting-signature" ? (
        <Notice tone="info" title="Confirm in your wallet" testId="tx-awaiting-signature">
          <p>Your wallet asks you to send unlink({state.forge}) from this address.</p>
        </Notice>
      ) : state.status === "pending" ? (
        <TxPending hash={state.hash} />
      ) : state.status === "confirmed" ? (
        <Notice tone="success" title={`Unlinked from ${state.forge}`} testId="tx-confirmed" focus>
          <p>
            Mined in block {state.blockNumber.toString()}:{" "}
            <HashValue value={state.hash} label="transaction hash" explorer="tx" />
          </p>
          <p data-testid="unlink-indexed">
            {indexing
              ? "Waiting for the indexer to show the link as ended…"
              : "Work by that forge account is no longer attested to this address."}
          </p>
          <button type="button" className="button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        </Notice>
      ) : (
        <TxFailed
          failure={state.failure}
          titles={{ contract: "The registry refused the unlink", other: "The unlink failed" }}
          onDismiss={onDismiss}
        />
      )}
    </div>
  );
}

/** The forges the form offers: the hosted two, and a self-managed one of either kind under its own host. */
const FORGE_OPTIONS: readonly { id: string; label: string; kind: ForgeKind; hosted: boolean }[] = [
  { id: "github.com", label: "github.com", kind: "github", hosted: true },
  { id: "gitlab.com", label: "gitlab.com", kind: "gitlab", hosted: true },
  { id: "gitlab-self-managed", label: "Self-managed GitLab", kind: "gitlab", hosted: false },
  { id: "github-enterprise", label: "GitHub Enterprise", kind: "github", hosted: false },
];

/** Choose a forge (and a self-managed one's host) and a login, sign the statement, and get the comment to post. */
function LinkForm({ account }: { account: EvmAddress }) {
  const link = useSignForgeLink(account);
  const [option, setOption] = useState(FORGE_OPTIONS[0]!);
  const [typedHost, setTypedHost] = useState("");
  const [login, setLogin] = useState("");
  const [hostWrong, setHostWrong] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const host = chosenForgeHost(option, typedHost);
    setHostWrong("problem" in host ? host.problem : undefined);
    if ("problem" in host) {
      setProblem(undefined);
      return;
    }
    const trimmed = login.trim();
    const wrong = loginProblem({ kind: option.kind, host: host.host }, trimmed);
    setProblem(wrong);
    if (wrong === undefined) void link.sign(host.host, trimmed);
  };
  const forgeName = option.hosted ? option.label : `${option.label} instance`;
  const busy = link.state.status === "reading-nonce" || link.state.status === "awaiting-signature";
  return (
    <section className="panel" aria-labelledby="link-title">
      <h2 id="link-title">Link a forge account</h2>
      <form onSubmit={submit} noValidate>
        <fieldset className="segmented">
          <legend>Forge</legend>
          {FORGE_OPTIONS.map((o) => (
            <label key={o.id}>
              <input
                type="radio"
                name="forge"
                value={o.id}
                checked={option.id === o.id}
                data-testid={`forge-${o.id}`}
                onChange={() => setOption(o)}
              />
              {o.label}
            </label>
          ))}
        </fieldset>
        {option.hosted ? null : (
          <>
            <label className="field">
              <span>Its host, as its repositories are named under it (gitlab.example.org, not a URL)</span>
              <input
                value={typedHost}
                data-testid="forge-host"
                inputMode="url"
                spellCheck={false}
                aria-invalid={hostWrong === undefined ? undefined : true}
                aria-describedby={hostWrong === undefined ? undefined : "host-problem"}
                onChange={(e) => setTypedHost(e.target.value)}
              />
            </label>
            {hostWrong === undefined ? null : (
              <p id="host-problem" className="error-text" role="alert" data-testid="host-problem">
                {hostWrong}
              </p>
            )}
          </>
        )}
        <label className="field">
          <span>Your {forgeName} login</span>
          <input
            value={login}
            data-testid="forge-login"
            autoComplete="username"
            aria-invalid={problem === undefined ? undefined : true}
            aria-describedby={problem === undefined ? undefined : "login-problem"}
            onChange={(e) => setLogin(e.target.value)}
          />
        </label>
        {problem === undefined ? null : (
          <p id="login-problem" className="error-text" role="alert" data-testid="login-problem">
            {problem}
          </p>
        )}
        <p>
          Your wallet signs a statement that <span className="mono">{account}</span> links itself to that account, for
          this network's registry. Signing sends nothing and costs nothing.
        </p>
        <button type="submit" className="button-primary" data-testid="sign-link" disabled={busy}>
          {link.state.status === "reading-nonce"
            ? "Reading the registry…"
            : link.state.status === "awaiting-signature"
              ? "Confirm in your wallet…"
              : "Sign the link statement"}
        </button>
      </form>
      <div aria-live="polite">
        {link.state.status === "signed" ? (
          <Notice tone="success" title="Signed: now post this comment" testId="link-signed" focus>
            <p>
              Post it from {link.state.statement.login}@{link.state.statement.forge} on any pull request, merge request
              or issue of a repository that opted in. The comment proves the forge account agrees, as your signature
              proves the address does; the intake then records the link on-chain.
            </p>
            <pre className="link-comment" data-testid="link-comment">
              {link.state.comment}
            </pre>
            <p>
              Copy the comment <CopyButton text={link.state.comment} label="Copy the /ccn link comment" />
            </p>
            <p className="muted">
              Statement nonce {link.state.statement.nonce.toString()}: the registry records one statement per nonce, so
              post only the latest you signed.
            </p>
          </Notice>
        ) : link.state.status === "failed" ? (
          <Notice
            tone="error"
            title={link.state.rejected ? "Signature rejected" : "Not signed"}
            testId={link.state.rejected ? "link-rejected" : "link-failed"}
            focus
          >
            <p>{link.state.message}</p>
            <button type="button" className="button-quiet" onClick={link.reset}>
              Dismiss
            </button>
          </Notice>
        ) : null}
      </div>
    </section>
  );
}
