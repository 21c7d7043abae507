/**
 * How an attestation commits to its cost report: the evidence fragment (the part of `evidenceUri` after `#`,
 * whose keccak256 is the attested `evidenceHash`) ends with `;cost=<report hash>`. The ledger stores only the
 * hash of the fragment, so binding a report costs no gas and changes no contract, and the attester cannot swap
 * the report after attesting: another report is another fragment, another hash, another contribution.
 *
 * `https://github.com/o/r.git#<base>..<merge>;cost=0x…` is the work `<base>..<merge>` with that report.
 */
import type { Hex } from "../hex.ts";

/** What separates the work from its cost report in an evidence fragment. */
export const COST_REPORT_PARAMETER = ";cost=";

const BOUND = /^(.*);cost=(0x[0-9a-f]{64})$/s;

/** An evidence fragment split into the work it names and the cost report it binds. */
export type BoundEvidence = {
  /** What the scorer measures: a commit, a range, or an off-chain work's label. */
  work: string;
  /** The canonical hash of the cost report, when one is bound. */
  costReport: Hex | undefined;
  /** Why a `;cost=` parameter is not a report hash, when it is malformed. */
  problem: string | undefined;
};

/**
 * @example
 * withCostReport("3f9c…e1..8a2b…07", "0x41cd…6f97") // "3f9c…e1..8a2b…07;cost=0x41cd…6f97"
 */
export function withCostReport(work: string, reportHash: Hex): string {
  if (!/^0x[0-9a-f]{64}$/.test(reportHash)) {
    throw new TypeError(`a cost report hash is 0x and 64 lower-case hex digits, not ${JSON.stringify(reportHash)}`);
  }
  return `${work}${COST_REPORT_PARAMETER}${reportHash}`;
}

/**
 * @example
 * boundEvidence("3f9c…e1;cost=0x41cd…6f97") // { work: "3f9c…e1", costReport: "0x41cd…6f97", problem: undefined }
 * boundEvidence("figma-library-v3") // { work: "figma-library-v3", costReport: undefined, problem: undefined }
 */
export function boundEvidence(fragment: string): BoundEvidence {
  const match = BOUND.exec(fragment);
  if (match !== null) return { work: match[1]!, costReport: match[2] as Hex, problem: undefined };
  const at = fragment.lastIndexOf(COST_REPORT_PARAMETER);
  if (at === -1) return { work: fragment, costReport: undefined, problem: undefined };
  return {
    work: fragment.slice(0, at),
    costReport: undefined,
    problem: `"${fragment.slice(at + COST_REPORT_PARAMETER.length)}" after ${COST_REPORT_PARAMETER} is not a report hash (0x and 64 lower-case hex digits)`,
  };
}
