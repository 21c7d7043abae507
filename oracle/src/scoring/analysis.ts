/**
 * What the metrics need to know about one source file, whatever its language.
 * `analyzeTypeScript` and `analyzeSolidity` produce it.
 */

/** A function (method, arrow, modifier) with a body. */
export type FunctionInfo = {
  /** Its name, or `<anonymous>`; methods are `Class.method`. */
  name: string;
  /** 1-based first and last line of the whole declaration. */
  startLine: number;
  endLine: number;
  /** McCabe cyclomatic complexity: 1 + decision points in its own body (nested functions count separately). */
  complexity: number;
};

/** A symbol visible outside its file: an export, a public member, a contract or its public/external API. */
export type PublicSymbolInfo = {
  name: string;
  startLine: number;
  endLine: number;
  /** Whether a doc comment (`/** ... *\/` JSDoc or NatSpec, or `///` NatSpec) precedes it. */
  documented: boolean;
  /** Its declaration without bodies, whitespace collapsed (TS/JS): what callers depend on. */
  signature?: string | undefined;
  /** The words of its doc comment, without the comment markers (TS/JS). */
  doc?: string | undefined;
};

/** An import of another module. */
export type ImportInfo = { specifier: string; line: number };

/** The analysis of one file. */
export type FileAnalysis = {
  functions: readonly FunctionInfo[];
  publicSymbols: readonly PublicSymbolInfo[];
  imports: readonly ImportInfo[];
};

/** Whether any line of `lines` lies within `[start, end]`. */
export function touches(lines: ReadonlySet<number>, start: number, end: number): boolean {
  if (end - start + 1 <= lines.size) {
    for (let line = start; line <= end; line++) if (lines.has(line)) return true;
    return false;
  }
  for (const line of lines) if (line >= start && line <= end) return true;
  return false;
}
