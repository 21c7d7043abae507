/**
 * Which lines of a cost report the oracle did not count, from the findings of its check: a `line` finding drops
 * the line its path names (or, naming none, its part); a `part` finding drops the lines of the part its path is
 * in; a `report` finding drops every line. `cap` and `hold` findings drop no line (they cap or hold what the counted lines add up to).
 */
import type { ManifestCostFinding } from "@coherence/protocol";

/** A report's lists of lines, by their path in the report. */
export const LINE_LISTS = {
  labor: "labor.lines",
  usage: "tools.usage",
  subscriptions: "tools.subscriptions",
  compute: "compute.lines",
} as const;
export type LineList = keyof typeof LINE_LISTS;

const ALL_LISTS = Object.keys(LINE_LISTS) as LineList[];
const LIST_OF_PATH = new Map<string, LineList>(
  Object.entries(LINE_LISTS).map(([list, path]) => [path, list as LineList]),
);
const LINE_PATH = /^(labor\.lines|tools\.usage|tools\.subscriptions|compute\.lines)\[(\d+)\]/;

/**
 * The lists a part-wide finding at a path drops, most specific prefix first. The price table prices the token
 * usage only, so a wrong one leaves the subscriptions counted; a path in no known part drops every list, so no
 * line is ever shown as counted when it may not be.
 */
const PART_LISTS: readonly [prefix: string, lists: readonly LineList[]][] = [
  ["tools.priceTableHash", ["usage"]],
  ["labor.", ["labor"]],
  ["rateCard.", ["labor"]],
  ["tools.", ["usage", "subscriptions"]],
  ["compute.", ["compute"]],
];

/** The line a path is in: `labor.lines[2].start` -> labor line 2; undefined for a path in no line. */
export function lineOf(path: string): { list: LineList; index: number } | undefined {
  const match = LINE_PATH.exec(path);
  return match === null ? undefined : { list: LIST_OF_PATH.get(match[1]!)!, index: Number(match[2]) };
}

function partListsOf(path: string): readonly LineList[] {
  return PART_LISTS.find(([prefix]) => path.startsWith(prefix))?.[1] ?? ALL_LISTS;
}

/** The findings that keep a line from counting: its own, its part's and the report's; empty when it counts. */
export type Uncounted = (list: LineList, index: number) => readonly ManifestCostFinding[];

/**
 * @example
 * const uncounted = uncountedLines(check.findings);
 * uncounted("labor", 0) // [{ effect: "line", path: "labor.lines[0].start", reason: "overlaps …" }]
 */
export function uncountedLines(findings: readonly ManifestCostFinding[]): Uncounted {
  const wholeLists = new Map<LineList, ManifestCostFinding[]>();
  const lines = new Map<string, ManifestCostFinding[]>();
  const add = <K>(map: Map<K, ManifestCostFinding[]>, key: K, finding: ManifestCostFinding) =>
    map.set(key, [...(map.get(key) ?? []), finding]);
  for (const finding of findings) {
    if (finding.effect === "cap" || finding.effect === "hold") continue;
    const line = finding.effect === "line" ? lineOf(finding.path) : undefined;
    if (line !== undefined) add(lines, `${line.list}[${line.index}]`, finding);
    else
      for (const list of finding.effect === "report" ? ALL_LISTS : partListsOf(finding.path))
        add(wholeLists, list, finding);
  }
  return (list, index) => [...(wholeLists.get(list) ?? []), ...(lines.get(`${list}[${index}]`) ?? [])];
}
