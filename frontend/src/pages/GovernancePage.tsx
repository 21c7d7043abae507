import { useMemo } from "react";
import { zeroAddress } from "viem";

import { Address, AddressLines, HashValue } from "../components/Address.tsx";
import { Figure } from "../components/Figure.tsx";
import { QueryError } from "../components/Notice.tsx";
import { SkeletonBlock } from "../components/Skeleton.tsx";
import { useChainTime } from "../hooks/useChainTime.ts";
import { type Governance, useGovernance } from "../hooks/useGovernance.ts";
import { useTokens } from "../hooks/useTokens.ts";
import { formatDuration, formatTimestamp } from "../lib/format.ts";
import {
  describeCall,
  type GovernanceOperation,
  type Naming,
  type OperationState,
  operationState,
} from "../lib/governance.ts";

const STATE_BADGE: Record<OperationState, [className: string, text: string]> = {
  waiting: ["badge badge-wait", "waiting"],
  ready: ["badge", "ready to execute"],
  executed: ["badge badge-done", "executed"],
  cancelled: ["badge badge-bad", "cancelled"],
};

/**
 * Governance: every privileged change scheduled on the timelock, in plain words, with when it can take effect
 * (a countdown, or since when it is ready), who scheduled it and what became of it; the delay and who holds
 * the governance roles.
 */
export default function GovernancePage() {
  const governance = useGovernance();
  // The tokens allowlist changes name, so their symbols can be shown.
  const tokenAddresses = useMemo(
    () =>
      [...(governance.data?.waiting ?? []), ...(governance.data?.done ?? [])].flatMap((o) =>
        o.calls.filter((c) => c.functionName === "setTokenAllowed").map((c) => c.args[0]!.value),
      ),
    [governance.data],
  );
  const { tokens } = useTokens(tokenAddresses);
  const naming: Naming = { tokenSymbol: (token) => tokens.get(token.toLowerCase())?.symbol };
  const now = useChainTime();
  return (
    <>
      <h1>Governance</h1>
      <p>
        Every privileged change to the protocol (oracles, threshold, challenge period, guardians, attesters, fee,
        treasury, reserve, token allowlist, the delay itself) is scheduled on the timelock by a governor and can take
        effect only once the governance delay has passed; then anyone can execute it. Until then it is listed here, and
        a guardian or a governor can cancel it. Guardians act at once only to stop things: veto a proposal, pause
        claims, cancel a change.
      </p>
      {governance.isPending ? (
        <SkeletonBlock lines={8} label="Loading governance" />
      ) : governance.isError ? (
        <QueryError error={governance.error} retry={() => void governance.refetch()} what="governance" />
      ) : (
        <div className="stack">
          <Roles governance={governance.data} />
          {(
            [
              [
                "waiting",
                "Scheduled changes",
                governance.data.waiting,
                governance.data.waitingCount,
                "No change is waiting: nothing can take effect before it has been listed here for the delay.",
              ],
              [
                "history",
                "Executed and cancelled",
                governance.data.done,
                governance.data.doneCount,
                "No change has been executed or cancelled yet.",
              ],
            ] as const
          ).map(([key, title, operations, total, empty]) => (
            <section key={key} aria-labelledby={`governance-${key}-title`}>
              <h2 id={`governance-${key}-title`}>{title}</h2>
              <OperationList
                operations={operations}
                total={total}
                now={now}
                naming={naming}
                testId={`governance-${key}`}
                empty={empty}
              />
            </section>
          ))}
        </div>
      )}
    </>
  );
}

function Roles({ governance }: { governance: Governance }) {
  const { delay, roles } = governance;
  const anyone = roles.executors.some((a) => a.toLowerCase() === zeroAddress);
  return (
    <dl className="figures" data-testid="governance-roles">
      <Figure term="Governance delay" testId="governance-delay">
        {delay === undefined ? "—" : `${delay.toLocaleString("en-US")} s (${formatDuration(Number(delay))})`}
      </Figure>
      {(
        [
          ["Governors (schedule changes)", roles.governors, "none"],
          ["Guardians (veto, pause)", roles.guardians, "none"],
          ["Can cancel a scheduled change", roles.cancellers, "nobody"],
          ["Forge linkers (record forge links)", roles.linkers, "none"],
        ] as const
      ).map(([term, accounts, none]) => (
        <Figure key={term} term={term}>
          <AddressLines values={accounts} none={none} />
        </Figure>
      ))}
      <Figure term="Can execute a ready change">
        {anyone ? "anyone" : <AddressLines values={roles.executors} none="nobody" />}
      </Figure>
    </dl>
  );
}

function OperationList({
  operations,
  total,
  now,
  naming,
  testId,
  empty,
}: {
  operations: readonly GovernanceOperation[];
  total: number;
  now: number | undefined;
  naming: Naming;
  testId: string;
  empty: string;
}) {
  if (operations.length === 0) return <p data-testid={testId}>{empty}</p>;
  return (
    <>
      {total > operations.length ? (
        <p className="muted">
          Showing {operations.length.toLocaleString("en-US")} of {total.toLocaleString("en-US")}.
        </p>
      ) : null}
      <ul className="card-list" data-testid={testId}>
        {operations.map((operation) => (
          <OperationCard key={operation.id} operation={operation} now={now} naming={naming} />
        ))}
      </ul>
    </>
  );
}

/** When a scheduled operation can take effect: a countdown until `readyAt`, then since when it is ready. */
function ReadyAt({ readyAt, now }: { readyAt: bigint; now: number | undefined }) {
  if (now === undefined) return <>{formatTimestamp(readyAt)}</>;
  const left = Number(readyAt) - now;
  return left > 0 ? (
    <>
      in <span data-testid="governance-countdown">{formatDuration(left)}</span> ({formatTimestamp(readyAt)})
    </>
  ) : (
    <>ready since {formatTimestamp(readyAt)}</>
  );
}

function OperationCard({
  operation,
  now,
  naming,
}: {
  operation: GovernanceOperation;
  now: number | undefined;
  naming: Naming;
}) {
  const state = operationState(operation, now);
  const [badgeClass, badgeText] = STATE_BADGE[state];
  const missing = operation.callCount - operation.calls.length;
  return (
    <li className="card" data-testid="governance-operation" data-state={state} data-operation={operation.id}>
      <p className="card-title">
        <span className={badgeClass} data-testid="governance-state">
          {badgeText}
        </span>{" "}
        {operation.callCount > 1 ? `A batch of ${operation.callCount} changes` : null}
      </p>
      <ul className="governance-calls">
        {operation.calls.map((call) => (
          <li key={call.index} data-testid="governance-call">
            {describeCall(call, naming)}
          </li>
        ))}
        {missing > 0 ? <li className="muted">{missing} more call(s) not loaded</li> : null}
      </ul>
      <dl className="figures compact">
        {operation.status === "scheduled" ? (
          <Figure term="Can take effect" testId="governance-ready">
            <ReadyAt readyAt={operation.readyAt} now={now} />
          </Figure>
        ) : null}
        <Figure term="Scheduled">
          {formatTimestamp(operation.scheduledAt)} by <Address value={operation.scheduledBy} link={false} />
        </Figure>
        {operation.executedAt !== null && operation.executedBy !== null ? (
          <Figure term="Executed">
            {formatTimestamp(operation.executedAt)} by <Address value={operation.executedBy} link={false} />
          </Figure>
        ) : null}
        {operation.cancelledAt !== null && operation.cancelledBy !== null ? (
          <Figure term="Cancelled">
            {formatTimestamp(operation.cancelledAt)} by <Address value={operation.cancelledBy} link={false} />
          </Figure>
        ) : null}
        <Figure term="Delay">{formatDuration(Number(operation.delay))}</Figure>
      </dl>
      <details>
        <summary>Operation details</summary>
        <dl className="figures compact">
          {(
            [
              ["Operation id", operation.id],
              ["Salt", operation.salt],
              // Only an operation that must wait for another has a predecessor.
              ["After operation", /^0x0*$/.test(operation.predecessor) ? null : operation.predecessor],
              ["Scheduling transaction", operation.scheduledTx],
            ] as const
          ).map(([term, value]) =>
            value === null ? null : (
              <Figure key={term} term={term}>
                <HashValue
                  value={value}
                  label={term.toLowerCase()}
                  {...(term === "Scheduling transaction" ? { explorer: "tx" as const } : {})}
                />
              </Figure>
            ),
          )}
        </dl>
        {operation.calls.map((call) => (
          <div key={call.index} className="governance-call-detail">
            <p className="mono break">
              {call.signature ?? "(not decoded)"} → <HashValue value={call.target} label="target" explorer="address" />
            </p>
            {call.args.length > 0 ? (
              <ul>
                {call.args.map((arg) => (
                  <li key={arg.name} className="break">
                    {arg.name} ({arg.type}): <span className="mono">{arg.value}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="muted break">
              Calldata: <HashValue value={call.data} label="calldata" />
            </p>
          </div>
        ))}
      </details>
    </li>
  );
}
