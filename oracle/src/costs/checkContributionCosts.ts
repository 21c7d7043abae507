/**
 * The checks before pay: what of each contribution's attested cost the epoch weighs, decided from the cost report
 * its evidence binds, the rate card its asset's owner had published when it was attested, the published price
 * tables, the work's commit window and every earlier contribution of the same person. Pure: the caller loads
 * the documents ({@link ./loadCostEvidence.ts}); the same inputs give the same checks on any machine.
 *
 * Each failed check is a finding with its effect; the paid part is the attested part capped by the lines that
 * pass, so a failed check never pays silently. Time is charged once across every contribution: a labor line
 * that overlaps time an earlier-attested contribution of the same contributor claims is not counted.
 */
import {
  type CostCheck,
  type CostParts,
  type CostPolicy,
  type CostReport,
  checkCostReport,
  costReportSchema,
  type Hex,
  MalformedFieldError,
  type ManifestCostFinding,
  type PriceTable,
  parse,
  type RateCard,
  rateCardSchema,
  sumMicroUsd,
} from "@coherence/protocol";

/** A cost document as loaded from the store by its hash: its JSON, or why it could not be read. */
export type LoadedDocument = { json: unknown } | { problem: string };

/** When the work was done and how much it changed, for code: from its commit range. */
export type WorkWindow = {
  /** The earliest author time of the range's commits, in Unix seconds. */
  firstCommitSeconds: number;
  /** The latest committer time of the range's commits, in Unix seconds. */
  lastCommitSeconds: number;
  /** Lines added plus lines deleted from the range's base to its head. */
  changedLines: number;
};

/** One contribution, in attestation order, with what its checks need. */
export type CostCheckItem = {
  id: Hex;
  assetId: bigint;
  contributor: Hex;
  attested: CostParts;
  /** The report hash the evidence binds, or why the binding is malformed; undefined when none is bound. */
  binding: { report: Hex } | { problem: string } | undefined;
  /** The bound report, as loaded. */
  report: LoadedDocument | undefined;
  /** The rate card the asset's owner had published when the contribution was attested (null: none). */
  rateCardHash: Hex | null;
  rateCard: LoadedDocument | undefined;
  /** For code: the window and size of the attested range. */
  window: WorkWindow | undefined;
  /** The reviewer's approval of a contribution a plausibility bound holds. */
  approval: CostCheck["approval"];
};

export type CheckContributionCostsParameters = {
  policy: CostPolicy;
  /** The published price tables by canonical hash (the policy's `priceTables`). */
  priceTables: ReadonlyMap<Hex, PriceTable>;
};

type Interval = { start: number; end: number; contribution: Hex; line: number; text: string };
type Counted = { labor: boolean[]; usage: boolean[]; subscriptions: boolean[]; compute: boolean[] };

const ZERO: CostParts = { laborMicroUsd: 0n, toolsMicroUsd: 0n, computeMicroUsd: 0n };
const LINE = /^(labor\.lines|tools\.usage|tools\.subscriptions|compute\.lines)\[(\d+)\]/;
const LINE_LISTS = {
  "labor.lines": "labor",
  "tools.usage": "usage",
  "tools.subscriptions": "subscriptions",
  "compute.lines": "compute",
} as const;

/**
 * The check of every contribution, in the order given (attestation order, which decides who charged an hour
 * first).
 *
 * @example
 * const checks = checkContributionCosts(items, { policy, priceTables });
 * checks[0].outcome; // "verified"
 */
export function checkContributionCosts(
  items: readonly CostCheckItem[],
  parameters: CheckContributionCostsParameters,
): CostCheck[] {
  const claimed = new Map<Hex, Interval[]>();
  return items.map((item) => {
    const { check, intervals } = checkOne(item, parameters, claimed.get(item.contributor) ?? []);
    claimed.set(item.contributor, [...(claimed.get(item.contributor) ?? []), ...intervals]);
    return check;
  });
}

function checkOne(
  item: CostCheckItem,
  { policy, priceTables }: CheckContributionCostsParameters,
  earlier: readonly Interval[],
): { check: CostCheck; intervals: Interval[] } {
  const findings: ManifestCostFinding[] = [];
  const base = { contributionId: item.id, approval: null };
  const refuse = (path: string, reason: string, report: Hex | null) => ({
    check: {
      ...base,
      report,
      findings: [...findings, { path, reason, effect: "report" as const }],
      outcome: "excluded" as const,
      paid: ZERO,
    },
    intervals: [],
  });

  if (item.binding === undefined) {
    if (policy.requireReports)
      return refuse("evidence", "binds no cost report (;cost=<hash>), and this oracle pays only reported costs", null);
    return { check: { ...base, report: null, findings, outcome: "unreported", paid: item.attested }, intervals: [] };
  }
  if ("problem" in item.binding) return refuse("evidence", item.binding.problem, null);
  const reportHash = item.binding.report;
  const report = decode(item.report, reportHash, "cost report", (json) => parse(costReportSchema, json));
  if ("problem" in report) return refuse(report.path, report.problem, reportHash);

  const find = (path: string, reason: string, effect: ManifestCostFinding["effect"]) =>
    findings.push({ path, reason, effect });
  const { labor, tools, compute } = report.value;
  const counted: Counted = {
    labor: labor.lines.map(() => true),
    usage: tools.usage.map(() => true),
    subscriptions: tools.subscriptions.map(() => true),
    compute: compute.lines.map(() => true),
  };
  let laborCounts = true;
  let usageCounts = true;

  let rateCard: RateCard | undefined;
  if (item.rateCardHash === null) {
    laborCounts = false;
    find("labor.rateCardHash", `asset ${item.assetId} had published no rate card when this was attested`, "part");
  } else if (labor.rateCardHash !== item.rateCardHash) {
    laborCounts = false;
    find(
      "labor.rateCardHash",
      `is not the rate card asset ${item.assetId}'s owner had published when this was attested (${item.rateCardHash})`,
      "part",
    );
  } else {
    const card = decode(item.rateCard, item.rateCardHash, "rate card", (json) => parse(rateCardSchema, json));
    if ("problem" in card) {
      laborCounts = false;
      find(card.path === "document" ? "labor.rateCardHash" : `rateCard.${card.path}`, card.problem, "part");
    } else rateCard = card.value;
  }
  const priceTable = priceTables.get(tools.priceTableHash);
  if (priceTable === undefined && tools.usage.length > 0) {
    usageCounts = false;
    find(
      "tools.priceTableHash",
      `is not a published price table (${policy.priceTables.join(", ") || "none are published"})`,
      "part",
    );
  }

  for (const finding of checkCostReport(report.value, { rateCard, priceTable })) {
    const line = LINE.exec(finding.path);
    if (line !== null) {
      counted[LINE_LISTS[line[1] as keyof typeof LINE_LISTS]][Number(line[2])] = false;
      find(finding.path, finding.reason, "line");
    } else find(finding.path, finding.reason, "cap");
  }
  if (item.window !== undefined) checkWindow(report.value, item.window, policy, counted, find);

  const intervals: Interval[] = [];
  labor.lines.forEach((line, i) => {
    if (!laborCounts || !counted.labor[i]) return;
    const interval = { start: Date.parse(line.start), end: Date.parse(line.end) };
    // Overlaps within the report were found by checkCostReport; here, time an earlier contribution claims.
    const overlap = earlier.find((e) => interval.start < e.end && e.start < interval.end);
    if (overlap !== undefined) {
      counted.labor[i] = false;
      find(
        `labor.lines[${i}].start`,
        `overlaps labor.lines[${overlap.line}] of contribution ${overlap.contribution} (${overlap.text}), attested earlier: time is charged once`,
        "line",
      );
      return;
    }
    intervals.push({ ...interval, contribution: item.id, line: i, text: `${line.start} to ${line.end}` });
  });

  const sum = (lines: readonly { microUsd: bigint }[], keep: readonly boolean[]) =>
    sumMicroUsd(lines.filter((_, i) => keep[i]).map((line) => line.microUsd));
  const reported: CostParts = {
    laborMicroUsd: laborCounts ? sum(labor.lines, counted.labor) : 0n,
    toolsMicroUsd:
      (usageCounts ? sum(tools.usage, counted.usage) : 0n) + sum(tools.subscriptions, counted.subscriptions),
    computeMicroUsd: sum(compute.lines, counted.compute),
  };
  const paid = {} as Record<keyof CostParts, bigint>;
  for (const part of ["laborMicroUsd", "toolsMicroUsd", "computeMicroUsd"] as const) {
    const attested = item.attested[part];
    if (attested !== report.value.totals[part]) {
      find(`totals.${part}`, `is ${report.value.totals[part]}, but the attestation says ${attested}`, "cap");
    }
    if (attested > reported[part]) {
      find(
        `totals.${part}`,
        `the attested ${attested} is paid at ${reported[part]}, what the counted lines add up to`,
        "cap",
      );
    }
    paid[part] = attested < reported[part] ? attested : reported[part];
  }

  const held = rateCard === undefined ? undefined : plausibilityProblem(rateCard, paid, labor, counted, item.window);
  if (held !== undefined) {
    find(held.path, held.reason, "hold");
    return item.approval === null
      ? { check: { ...base, report: reportHash, findings, outcome: "held", paid: ZERO }, intervals }
      : {
          check: { ...base, approval: item.approval, report: reportHash, findings, outcome: "approved", paid },
          intervals,
        };
  }
  const outcome =
    findings.length === 0
      ? "verified"
      : paid.laborMicroUsd + paid.toolsMicroUsd + paid.computeMicroUsd === 0n
        ? "excluded"
        : "capped";
  return { check: { ...base, report: reportHash, findings, outcome, paid }, intervals };
}

/** A document decoded by its schema, or the field and reason it fails with. */
function decode<T>(
  loaded: LoadedDocument | undefined,
  hash: Hex,
  what: string,
  decodeJson: (json: unknown) => T,
): { value: T } | { path: string; problem: string } {
  if (loaded === undefined || "problem" in loaded) {
    return { path: "document", problem: `${what} ${hash}: ${loaded?.problem ?? "is not published"}` };
  }
  try {
    return { value: decodeJson(loaded.json) };
  } catch (error) {
    if (error instanceof MalformedFieldError) {
      return {
        path: error.field === "(root)" ? "document" : error.field,
        problem: `${what} ${hash}: ${error.problem}`,
      };
    }
    throw error;
  }
}

/** Labor lines and tool sessions must fall inside the work's commit window, with the policy's margins. */
function checkWindow(
  report: CostReport,
  window: WorkWindow,
  policy: CostPolicy,
  counted: Counted,
  find: (path: string, reason: string, effect: ManifestCostFinding["effect"]) => void,
): void {
  const opens = (window.firstCommitSeconds - policy.windowBeforeSeconds) * 1000;
  const closes = (window.lastCommitSeconds + policy.windowAfterSeconds) * 1000;
  const describe = `the work's window ${new Date(opens).toISOString()} to ${new Date(closes).toISOString()}`;
  const check = (path: string, start: string, end: string, list: boolean[], i: number) => {
    if (!list[i]) return;
    if (Date.parse(start) < opens) {
      list[i] = false;
      find(`${path}[${i}].start`, `is before ${describe}`, "line");
    } else if (Date.parse(end) > closes) {
      list[i] = false;
      find(`${path}[${i}].end`, `is after ${describe}`, "line");
    }
  };
  for (const [i, line] of report.labor.lines.entries()) check("labor.lines", line.start, line.end, counted.labor, i);
  for (const [i, line] of report.tools.usage.entries())
    check("tools.usage", line.usage.start, line.usage.end, counted.usage, i);
}

/** Why the rate card's plausibility bounds hold the contribution for a reviewer, if they do. */
function plausibilityProblem(
  card: RateCard,
  paid: CostParts,
  labor: CostReport["labor"],
  counted: Counted,
  window: WorkWindow | undefined,
): { path: string; reason: string } | undefined {
  const bounds = card.plausibility;
  if (bounds === undefined) return undefined;
  const seconds = labor.lines.reduce((total, line, i) => total + (counted.labor[i] ? line.seconds : 0), 0);
  const perLine = bounds.maxLaborSecondsPerChangedLine;
  if (perLine !== undefined && window !== undefined && seconds > perLine * window.changedLines) {
    return {
      path: "labor.seconds",
      reason: `${seconds} s of labor for ${window.changedLines} changed lines is more than the rate card's ${perLine} s per changed line`,
    };
  }
  const ratio = bounds.maxToolsToLaborBps;
  if (ratio !== undefined && paid.toolsMicroUsd * 10_000n > BigInt(ratio) * paid.laborMicroUsd) {
    return {
      path: "tools.totalMicroUsd",
      reason: `tools of ${paid.toolsMicroUsd} micro-USD are more than the rate card's ${ratio} bps of the labor's ${paid.laborMicroUsd}`,
    };
  }
  return undefined;
}
