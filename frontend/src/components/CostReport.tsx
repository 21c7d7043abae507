import type {
  ComputeLine,
  CostCheck,
  CostParts,
  CostReport,
  Hex,
  LaborLine,
  ManifestCostFinding,
  SubscriptionLine,
  UsageLine,
} from "@coherence/protocol";
import { type ReactNode, useState } from "react";

import { type CostReportState, useCostReport } from "../hooks/useCostReport.ts";
import { costTotal } from "../lib/contributionCost.ts";
import { CostReportError } from "../lib/costReport.ts";
import { findingSentence, lineName } from "../lib/costWords.ts";
import { errorText } from "../lib/errorText.ts";
import { formatDuration, formatInteger, formatMicroUsd, formatUtcSpan } from "../lib/format.ts";
import { LINE_LISTS, type LineList, type Uncounted, uncountedLines } from "../lib/uncountedLines.ts";
import { HashValue } from "./Address.tsx";
import { ExternalLink } from "./ExternalLink.tsx";
import { Notice, type NoticeTone } from "./Notice.tsx";
import { ScrollTable } from "./ScrollTable.tsx";
import { SkeletonBlock } from "./Skeleton.tsx";

type Checked = { hash: Hex; check: CostCheck; attested: CostParts };

/** The report a check bound, fetched only once the reader opens it. */
export function CostReportDisclosure({ hash, check, attested }: Checked) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)} data-testid="cost-report-details">
      <summary>Cost report: every line and its arithmetic</summary>
      {open ? <FetchedCostReport hash={hash} check={check} attested={attested} /> : null}
    </details>
  );
}

function FetchedCostReport(props: Checked) {
  return <CostReportView {...props} state={useCostReport(props.hash)} />;
}

const FAILURES: Record<CostReportError["code"], { tone: NoticeTone; title: string; testId: string }> = {
  NOT_CONFIGURED: {
    tone: "info",
    title: "The cost report cannot be fetched here",
    testId: "cost-report-not-configured",
  },
  NOT_PUBLISHED: { tone: "warning", title: "The cost report is not published", testId: "cost-report-missing" },
  UNAVAILABLE: { tone: "error", title: "The cost report could not be fetched", testId: "cost-report-unavailable" },
  HASH_MISMATCH: { tone: "error", title: "This file is not the bound cost report", testId: "cost-report-mismatch" },
  MALFORMED: { tone: "error", title: "The cost report is malformed", testId: "cost-report-malformed" },
};

/** A cost report in each of its states; only a report that hashed to the bound hash shows its lines. */
export function CostReportView({ hash, check, attested, state }: Checked & { state: CostReportState }) {
  switch (state.status) {
    case "loading":
      return <SkeletonBlock lines={4} label="Fetching and checking the cost report" />;
    case "not-configured":
      return (
        <Notice {...FAILURES.NOT_CONFIGURED}>
          <p>
            No manifest source is configured for this app (VITE_MANIFEST_URL). The epoch's manifest binds the report{" "}
            <HashValue value={hash} label="cost report hash" />.
          </p>
        </Notice>
      );
    case "failed": {
      const code = state.error instanceof CostReportError ? state.error.code : "UNAVAILABLE";
      return (
        <Notice {...FAILURES[code]}>
          <p className="break">{errorText(state.error)}</p>
          {code === "HASH_MISMATCH" || code === "MALFORMED" ? (
            <p>Its lines are not shown: they are not a report the oracle could have checked.</p>
          ) : null}
          {code === "UNAVAILABLE" ? (
            <button type="button" onClick={state.retry}>
              Try again
            </button>
          ) : null}
        </Notice>
      );
    }
    case "loaded":
      return <CostReportLines report={state.report} url={state.url} check={check} attested={attested} />;
  }
}

/** "not counted" with the findings that drop the line, or "counted". */
function CountedCell({ findings }: { findings: readonly ManifestCostFinding[] }) {
  if (findings.length === 0) return <td>counted</td>;
  return (
    <td className="not-counted">
      <strong>not counted</strong>: {findings.map(findingSentence).join(" ")}
    </td>
  );
}

/** A line's row, marked with whether it counted. */
function LineRow({
  list,
  index,
  uncounted,
  children,
}: {
  list: LineList;
  index: number;
  uncounted: Uncounted;
  children: ReactNode;
}) {
  const findings = uncounted(list, index);
  return (
    <tr data-testid="cost-line" data-line={`${LINE_LISTS[list]}[${index}]`} data-counted={findings.length === 0}>
      <th scope="row">{lineName(list, index)}</th>
      {children}
      <CountedCell findings={findings} />
    </tr>
  );
}

/** A list's lines as rows, each after its name and before whether it counted. */
function lineRows<L>(list: LineList, lines: readonly L[], uncounted: Uncounted, cells: (line: L) => ReactNode) {
  return lines.map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: a line is its place in the report (its path), and a report never reorders
    <LineRow key={i} list={list} index={i} uncounted={uncounted}>
      {cells(line)}
    </LineRow>
  ));
}

/** An amount with the arithmetic that gives it. */
function Amount({ value, arithmetic }: { value: bigint; arithmetic: string }) {
  return (
    <td>
      <span className="line">{formatMicroUsd(value)}</span>
      <span className="line muted">{arithmetic}</span>
    </td>
  );
}

/** A line list's section: its table, or that it has none. */
function Part({
  title,
  count,
  columns,
  note,
  children,
}: {
  title: string;
  count: number;
  columns: readonly string[];
  note: string;
  children: ReactNode;
}) {
  return (
    <section className="cost-part">
      <h3>{title}</h3>
      {count === 0 ? (
        <p>None.</p>
      ) : (
        <>
          <p className="muted">{note}</p>
          <ScrollTable label={title} caption={title} columns={columns}>
            {children}
          </ScrollTable>
        </>
      )}
    </section>
  );
}

/** A labor entry: when, as what, how long, at what rate, and its amount. */
function LaborCells({ line }: { line: LaborLine }) {
  const span = formatUtcSpan(line.start, line.end);
  return (
    <>
      <td>{span.date}</td>
      <td>
        {span.time}
        <span className="line muted prose">{line.description}</span>
      </td>
      <td>{line.role}</td>
      <td>{formatDuration(line.seconds)}</td>
      <td>{formatMicroUsd(line.hourlyMicroUsd)}/h</td>
      <Amount
        value={line.microUsd}
        arithmetic={`${formatInteger(line.seconds)} s × ${formatMicroUsd(line.hourlyMicroUsd)} ÷ 3,600`}
      />
    </>
  );
}

const TOKEN_KINDS = [
  ["uncached input", "inputMicroUsdPerMillion"],
  ["cache read", "cacheReadMicroUsdPerMillion"],
  ["cache write", "cacheWriteMicroUsdPerMillion"],
  ["output", "outputMicroUsdPerMillion"],
] as const;
type TokenKind = (typeof TOKEN_KINDS)[number][0];

/** A usage line's tokens of each kind (input without its cached part, as it is priced). */
function tokensOf(usage: UsageLine["usage"]): Record<TokenKind, number> {
  const cacheRead = usage["gen_ai.usage.cache_read.input_tokens"] ?? 0;
  const cacheWrite = usage["gen_ai.usage.cache_creation.input_tokens"] ?? 0;
  return {
    "uncached input": usage["gen_ai.usage.input_tokens"] - cacheRead - cacheWrite,
    "cache read": cacheRead,
    "cache write": cacheWrite,
    output: usage["gen_ai.usage.output_tokens"],
  };
}

/** A model's usage: provider and model, session, each kind of token at its price per million, and its amount. */
function UsageCells({ line }: { line: UsageLine }) {
  const span = formatUtcSpan(line.usage.start, line.usage.end);
  const tokens = tokensOf(line.usage);
  const kinds = TOKEN_KINDS.filter(([kind]) => tokens[kind] > 0);
  return (
    <>
      <td>
        {line.usage["gen_ai.provider.name"]} {line.usage["gen_ai.request.model"]}
        <span className="line muted">{formatInteger(line.usage.requests)} requests</span>
      </td>
      <td>
        {span.date} {span.time}
      </td>
      <td>
        {kinds.length === 0
          ? "no tokens"
          : kinds.map(([kind, price]) => (
              <span key={kind} className="line">
                {formatInteger(tokens[kind])} {kind} × {formatMicroUsd(line[price])}
              </span>
            ))}
      </td>
      <Amount value={line.microUsd} arithmetic="sum ÷ 1,000,000" />
    </>
  );
}

/** A subscription: its plan, monthly price, the share of the month the labor took, and its amount. */
function SubscriptionCells({ line }: { line: SubscriptionLine }) {
  const share = `${formatInteger(line.laborSeconds)} ÷ ${formatInteger(line.secondsInMonth)}`;
  return (
    <>
      <td className="prose">{line.name}</td>
      <td>{formatMicroUsd(line.monthlyMicroUsd)}</td>
      <td>
        {formatInteger(line.laborSeconds)} s of {formatInteger(line.secondsInMonth)} s
      </td>
      <Amount value={line.microUsd} arithmetic={`${formatMicroUsd(line.monthlyMicroUsd)} × ${share}`} />
    </>
  );
}

/** A compute line: CI minutes at a rate, or a machine's energy and depreciation. */
function ComputeCells({ line }: { line: ComputeLine }) {
  if (line.kind === "ci")
    return (
      <>
        <td className="prose">{line.name}</td>
        <td>CI</td>
        <td>
          {formatInteger(line.minutes)} min × {formatMicroUsd(line.microUsdPerMinute)}/min
        </td>
        <Amount
          value={line.microUsd}
          arithmetic={`${formatInteger(line.minutes)} × ${formatMicroUsd(line.microUsdPerMinute)}`}
        />
      </>
    );
  return (
    <>
      <td className="prose">{line.name}</td>
      <td>machine</td>
      <td>
        <span className="line">
          {formatInteger(line.watts)} W for {formatDuration(line.seconds)} at{" "}
          {formatMicroUsd(line.electricityMicroUsdPerKwh)}/kWh: energy {formatMicroUsd(line.energyMicroUsd)}
        </span>
        <span className="line">
          {formatMicroUsd(line.purchaseMicroUsd)} over {formatInteger(line.lifetimeHours)} h of use: depreciation{" "}
          {formatMicroUsd(line.depreciationMicroUsd)}
        </span>
      </td>
      <Amount value={line.microUsd} arithmetic="energy + depreciation" />
    </>
  );
}

/** Every line of a report with its arithmetic and whether the check counted it, then each part's totals. */
function CostReportLines({
  report,
  url,
  check,
  attested,
}: {
  report: CostReport;
  url: string;
  check: CostCheck;
  attested: CostParts;
}) {
  const uncounted = uncountedLines(check.findings);
  const { labor, tools, compute } = report;
  const counted = (list: LineList, lines: readonly { microUsd: bigint }[]) =>
    lines.reduce((sum, line, i) => (uncounted(list, i).length === 0 ? sum + line.microUsd : sum), 0n);
  const parts = [
    ["Labor", labor.totalMicroUsd, counted("labor", labor.lines), "laborMicroUsd"],
    [
      "Tools",
      tools.totalMicroUsd,
      counted("usage", tools.usage) + counted("subscriptions", tools.subscriptions),
      "toolsMicroUsd",
    ],
    ["Compute", compute.totalMicroUsd, counted("compute", compute.lines), "computeMicroUsd"],
  ] as const;
  return (
    <div className="cost-report" data-testid="cost-report">
      <p className="muted break">
        The <ExternalLink href={url}>published report</ExternalLink> is the one the attestation bound: its canonical
        hash is the hash the epoch's manifest records. Amounts are rounded down to a micro-dollar where each is
        computed.
      </p>

      <Part
        title="Labor"
        count={labor.lines.length}
        note="Amount = seconds × hourly rate ÷ 3,600."
        columns={["Entry", "Date", "Time", "Role", "Hours", "Rate", "Amount", "Counted"]}
      >
        {lineRows("labor", labor.lines, uncounted, (line) => (
          <LaborCells line={line} />
        ))}
      </Part>

      <Part
        title="Tools: token usage"
        count={tools.usage.length}
        note="Amount = each kind of token × its price per million, added up, ÷ 1,000,000."
        columns={["Usage", "Model", "Session", "Tokens × price per million", "Amount", "Counted"]}
      >
        {lineRows("usage", tools.usage, uncounted, (line) => (
          <UsageCells line={line} />
        ))}
      </Part>

      <Part
        title="Tools: subscriptions"
        count={tools.subscriptions.length}
        note="Amount = monthly price × the report's labor seconds ÷ the seconds of a 30-day month."
        columns={["Subscription", "Plan", "Monthly price", "Share of the month", "Amount", "Counted"]}
      >
        {lineRows("subscriptions", tools.subscriptions, uncounted, (line) => (
          <SubscriptionCells line={line} />
        ))}
      </Part>

      <Part
        title="Compute"
        count={compute.lines.length}
        note="CI: minutes × price per minute. A machine: its energy (watts × seconds × price per kWh ÷ 3,600,000) plus its depreciation (price × seconds ÷ its lifetime in seconds)."
        columns={["Line", "Name", "Kind", "Inputs", "Amount", "Counted"]}
      >
        {lineRows("compute", compute.lines, uncounted, (line) => (
          <ComputeCells line={line} />
        ))}
      </Part>

      <section className="cost-part">
        <h3>Totals</h3>
        <ScrollTable
          label="Cost report totals"
          caption="Each part: its total in the report, its counted lines, what was attested and what the epoch paid"
          columns={["Part", "In the report", "Counted lines", "Attested", "Paid"]}
          testId="cost-totals"
        >
          {parts.map(([name, reported, countedTotal, key]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{formatMicroUsd(reported)}</td>
              <td>{formatMicroUsd(countedTotal)}</td>
              <td>{formatMicroUsd(attested[key])}</td>
              <td>{formatMicroUsd(check.paid[key])}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total</th>
            <td>{formatMicroUsd(labor.totalMicroUsd + tools.totalMicroUsd + compute.totalMicroUsd)}</td>
            <td>{formatMicroUsd(parts.reduce((sum, [, , countedTotal]) => sum + countedTotal, 0n))}</td>
            <td>{formatMicroUsd(costTotal(attested))}</td>
            <td>{formatMicroUsd(costTotal(check.paid))}</td>
          </tr>
        </ScrollTable>
      </section>
    </div>
  );
}
