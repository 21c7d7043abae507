/**
 * Docs metric: share of the changed public symbols of non-test code that carry
 * a doc comment (JSDoc `/** *\/` for JS/TS exports and public class members;
 * NatSpec `///` or `/** *\/` for contracts, public/external functions, events,
 * errors and public state variables). A symbol is changed if an added line
 * falls inside its declaration. `bps = floor(10000 * documented / symbols)`.
 */
import { touches } from "./analysis.ts";
import { ratioBps } from "./bps.ts";
import type { MeasuredFile } from "./measuredFile.ts";
import type { MetricResult } from "./metric.ts";

/**
 * The docs metric of a change.
 *
 * @example
 * docsMetric(files) // { bps: 6666, raw: { publicSymbols: 3, documented: 2, undocumented: [...] } }
 */
export function docsMetric(files: readonly MeasuredFile[]): MetricResult {
  let publicSymbols = 0;
  let documented = 0;
  const undocumented: { file: string; name: string; line: number }[] = [];
  for (const file of files) {
    if (file.isTest || file.language === "other") continue;
    for (const symbol of file.analysis.publicSymbols) {
      if (!touches(file.addedLines, symbol.startLine, symbol.endLine)) continue;
      publicSymbols++;
      if (symbol.documented) documented++;
      else undocumented.push({ file: file.path, name: symbol.name, line: symbol.startLine });
    }
  }
  const raw = { publicSymbols, documented, undocumented };
  return { bps: publicSymbols === 0 ? null : ratioBps(documented, publicSymbols), raw };
}
