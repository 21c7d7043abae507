import type { ReactNode } from "react";
import type { Address as EvmAddress } from "viem";

import { Address, HashValue } from "../components/Address.tsx";
import { IntakeRefusalCard } from "../components/IntakeRefusalCard.tsx";
import { IntakeNotConfigured, IntakeQueryError } from "../components/IntakeStatus.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { WalletGate } from "../components/WalletGate.tsx";
import { intake } from "../config/intake.ts";
import { useMyIntake } from "../hooks/useMyIntake.ts";
import { formatMicroUsd, formatTimestamp } from "../lib/format.ts";
import type { IntakeContribution } from "../lib/intake.ts";

/**
 * My contributions: what the forge intake has of the connected address's merged work: held for the maintainers
 * (and why), pending for the relayer, attested (its transaction), and refused (where, and why).
 */
export default function MyContributionsPage() {
  return (
    <>
      <h1>My contributions</h1>
      <p className="muted">
        Work you merged into opted-in repositories, from the forge intake: what waits to be attested, what a gate held
        for the maintainers, what is on-chain and what was refused, with the reason.
      </p>
      {intake === undefined ? (
        <IntakeNotConfigured />
      ) : (
        <WalletGate
          action="Seeing your contributions"
          why="Connect the wallet of the address your forge account links."
        >
          {(account) => <MyIntake account={account} />}
        </WalletGate>
      )}
    </>
  );
}

function MyIntake({ account }: { account: EvmAddress }) {
  const { mine, links, linksPending, logins } = useMyIntake(account);
  if (links.isError)
    return <IntakeQueryError error={links.error} retry={() => void links.refetch()} what="your forge links" />;
  if (linksPending || mine.isPending) return <SkeletonBlock lines={4} label="Loading your contributions" />;
  if (mine.isError)
    return <IntakeQueryError error={mine.error} retry={() => void mine.refetch()} what="your contributions" />;
  const { pending, held, attested, refused, refusedOnChain } = mine.data;
  const nothing = [pending, held, attested, refused, refusedOnChain].every((list) => list.length === 0);
  return (
    <div className="stack">
      <p data-testid="intake-logins">
        {logins.length === 0 ? (
          <>
            <Address value={account} /> has no active forge link: refusals are found by login, so only contributions
            made to this address are shown. Link one on the <a href="#/forge-accounts">Forge accounts</a> page.
          </>
        ) : (
          <>
            As {logins.map((l) => `${l.login} on ${l.forge ?? l.host}`).join(", ")}.
            {logins.some((l) => l.forge === undefined)
              ? " On a self-managed forge, only the refusals of whole change requests under its host can be told apart from another forge's account of the same login, so only those are shown for it."
              : null}
          </>
        )}
      </p>
      {nothing ? (
        <p data-testid="intake-empty">The intake has no contribution or refusal of yours yet.</p>
      ) : (
        <>
          <Section title="Held for the maintainers" testId="held" items={held}>
            {(c) => (
              <ContributionCard key={c.id} c={c}>
                <p data-testid="held-reason">Held: {c.heldReason}</p>
              </ContributionCard>
            )}
          </Section>
          <Section title="Pending" testId="pending" items={pending}>
            {(c) => (
              <ContributionCard key={c.id} c={c}>
                <p>{c.state === "sent" ? "In a batch transaction, not yet mined." : "Waiting for the next batch."}</p>
              </ContributionCard>
            )}
          </Section>
          <Section title="Attested" testId="attested" items={attested}>
            {(c) => (
              <ContributionCard key={c.id} c={c}>
                {c.transactionHash === undefined ? null : (
                  <p>
                    Attested in <HashValue value={c.transactionHash} label="attestation transaction" explorer="tx" />
                  </p>
                )}
              </ContributionCard>
            )}
          </Section>
          <Section title="Refused by the chain" testId="refused-on-chain" items={refusedOnChain}>
            {(c) => <ContributionCard key={c.id} c={c} />}
          </Section>
          <Section title="Refused" testId="refused" items={refused}>
            {(r) => <IntakeRefusalCard key={r.seq} refusal={r} />}
          </Section>
        </>
      )}
    </div>
  );
}

function Section<T>({
  title,
  testId,
  items,
  children,
}: {
  title: string;
  testId: string;
  items: readonly T[];
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <section className="panel" aria-label={title}>
      <h2>
        {title} ({items.length})
      </h2>
      <ul className="card-list" data-testid={`intake-${testId}`}>
        {items.map(children)}
      </ul>
    </section>
  );
}

const claimed = (c: IntakeContribution) => c.laborMicroUsd + c.toolsMicroUsd + c.computeMicroUsd;

function ContributionCard({ c, children }: { c: IntakeContribution; children?: ReactNode }) {
  return (
    <li className="card" data-testid="intake-contribution" data-state={c.state} data-id={c.id}>
      <p className="card-title">
        <strong>
          {c.repository}#{c.pullRequest}
        </strong>{" "}
        by {c.login}, asset #{c.assetId.toString()}
      </p>
      <p>
        Claims {formatMicroUsd(claimed(c))}, merged {formatTimestamp(c.mergedAt)}.{" "}
        <span className="muted mono break">{c.evidenceUri}</span>
      </p>
      {children}
    </li>
  );
}
