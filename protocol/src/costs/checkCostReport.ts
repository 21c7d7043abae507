/**
 * Recomputes a cost report from the inputs each line carries and compares: the arithmetic of every line and
 * total, the hashes of the rate card and price table it names, every role and rate against the card, time
 * entries that overlap, and every model's prices against the table. Returns findings; an empty list means the report is right.
 */
import { fieldName } from "../schema.ts";
import { ciLine, laborLine, machineLine, subscriptionLine, usageLine } from "./costLines.ts";
import type { CostReport } from "./costReport.ts";
import { laborOverlaps } from "./laborOverlaps.ts";
import { sumMicroUsd } from "./microUsd.ts";
import { findModelPrice, type PriceTable, priceTableHash } from "./priceTable.ts";
import { type RateCard, rateCardHash } from "./rateCard.ts";
import { missingModelProblem, overlapProblem, roleRateProblem } from "./rateProblems.ts";

/** One thing wrong with a report: the field (`labor.lines[2].microUsd`) and why. */
export type CostFinding = { readonly path: string; readonly reason: string };

type Path = readonly (string | number)[];

/**
 * Every finding about `report` against the rate card and price table it should have been priced with. Without a
 * card (or table) the checks that need it are skipped: the oracle, which cannot find an asset's card, refuses
 * the labor part on that ground and still checks the rest.
 *
 * @example
 * checkCostReport(report, { rateCard, priceTable })
 * // [{ path: "labor.lines[0].microUsd", reason: "is 1, but floor(14400 * 160000000 / 3600) is 640000000" }]
 */
export function checkCostReport(
  report: CostReport,
  { rateCard, priceTable }: { rateCard: RateCard | undefined; priceTable: PriceTable | undefined },
): CostFinding[] {
  const findings: CostFinding[] = [];
  const find = (path: Path, reason: string) => {
    findings.push({ path: fieldName(path), reason });
  };
  // Compares each computed field of a line with its recomputation, naming the formula in the reason.
  const same = <L extends object>(path: Path, actual: L, expected: L, formulas: { [K in keyof L]?: string }) => {
    for (const key of Object.keys(formulas) as (keyof L & string)[]) {
      if (actual[key] !== expected[key]) {
        find([...path, key], `is ${String(actual[key])}, but ${formulas[key]} is ${String(expected[key])}`);
      }
    }
  };

  const { labor, tools, compute, totals } = report;
  const cardHash = rateCard === undefined ? undefined : rateCardHash(rateCard);
  if (cardHash !== undefined && labor.rateCardHash !== cardHash)
    find(["labor", "rateCardHash"], `is not the rate card's hash ${cardHash}`);
  labor.lines.forEach((line, i) => {
    const path = ["labor", "lines", i];
    const problem = rateCard === undefined ? undefined : roleRateProblem(rateCard, line.role, line.hourlyMicroUsd);
    if (problem !== undefined)
      find([...path, Object.hasOwn(rateCard!.roles, line.role) ? "hourlyMicroUsd" : "role"], problem);
    const expected = laborLine(line);
    same(path, line, expected, {
      seconds: `end - start (${line.start} to ${line.end})`,
      microUsd: `floor(${expected.seconds} * ${line.hourlyMicroUsd} / 3600)`,
    });
  });
  for (const { index, overlaps } of laborOverlaps(labor.lines)) {
    find(
      ["labor", "lines", index, "start"],
      overlapProblem(fieldName(["labor", "lines", overlaps]), labor.lines[overlaps]!),
    );
  }
  const laborSeconds = labor.lines.reduce((total, line) => total + line.seconds, 0);
  if (labor.seconds !== laborSeconds)
    find(["labor", "seconds"], `is ${labor.seconds}, but the lines add up to ${laborSeconds}`);
  checkTotal(find, ["labor", "totalMicroUsd"], labor.totalMicroUsd, labor.lines);

  const tableHash = priceTable === undefined ? undefined : priceTableHash(priceTable);
  if (tableHash !== undefined && tools.priceTableHash !== tableHash)
    find(["tools", "priceTableHash"], `is not the price table's hash ${tableHash}`);
  tools.usage.forEach((line, i) => {
    const path = ["tools", "usage", i];
    const provider = line.usage["gen_ai.provider.name"];
    const model = line.usage["gen_ai.request.model"];
    // Without a table there are no prices to compare with; the arithmetic below is still checked.
    const price = priceTable === undefined ? undefined : findModelPrice(priceTable, provider, model);
    if (priceTable !== undefined && price === undefined)
      find([...path, "usage", "gen_ai.request.model"], missingModelProblem(provider, model));
    if (price !== undefined) {
      const table = `the price table's for ${provider}/${model}`;
      same(
        path,
        line,
        { ...line, ...price },
        {
          cacheReadMicroUsdPerMillion: table,
          cacheWriteMicroUsdPerMillion: table,
          inputMicroUsdPerMillion: table,
          outputMicroUsdPerMillion: table,
        },
      );
    }
    // The arithmetic is checked with the line's own prices, so a wrong price is one finding, not two.
    same(path, line, usageLine(line.usage, line), {
      microUsd: "floor(sum of each kind of token times its price per million / 1000000)",
    });
  });
  tools.subscriptions.forEach((line, i) => {
    const path = ["tools", "subscriptions", i];
    const expected = subscriptionLine(line, labor.seconds);
    same(path, line, expected, {
      laborSeconds: "the report's labor seconds",
      secondsInMonth: "the 30-day month",
    });
    same(path, line, subscriptionLine(line, line.laborSeconds), {
      microUsd: `floor(${line.monthlyMicroUsd} * ${line.laborSeconds} / ${expected.secondsInMonth})`,
    });
  });
  checkTotal(find, ["tools", "totalMicroUsd"], tools.totalMicroUsd, [...tools.usage, ...tools.subscriptions]);

  compute.lines.forEach((line, i) => {
    const path = ["compute", "lines", i];
    if (line.kind === "ci") {
      same(path, line, ciLine(line), { microUsd: `${line.minutes} * ${line.microUsdPerMinute}` });
      return;
    }
    const expected = machineLine(line, line.seconds);
    same(path, line, expected, {
      energyMicroUsd: `floor(${line.watts} * ${line.seconds} * ${line.electricityMicroUsdPerKwh} / 3600000)`,
      depreciationMicroUsd: `floor(${line.purchaseMicroUsd} * ${line.seconds} / (${line.lifetimeHours} * 3600))`,
    });
    same(
      path,
      line,
      { ...line, microUsd: line.energyMicroUsd + line.depreciationMicroUsd },
      {
        microUsd: "energyMicroUsd + depreciationMicroUsd",
      },
    );
  });
  checkTotal(find, ["compute", "totalMicroUsd"], compute.totalMicroUsd, compute.lines);

  same(
    ["totals"],
    totals,
    {
      computeMicroUsd: compute.totalMicroUsd,
      laborMicroUsd: labor.totalMicroUsd,
      toolsMicroUsd: tools.totalMicroUsd,
    },
    {
      computeMicroUsd: "compute.totalMicroUsd",
      laborMicroUsd: "labor.totalMicroUsd",
      toolsMicroUsd: "tools.totalMicroUsd",
    },
  );
  return findings;
}

function checkTotal(
  find: (path: Path, reason: string) => void,
  path: Path,
  total: bigint,
  lines: readonly { microUsd: bigint }[],
): void {
  const sum = sumMicroUsd(lines.map((line) => line.microUsd));
  if (total !== sum) find(path, `is ${total}, but the lines add up to ${sum}`);
}
