/**
 * Analysis of a Solidity file with @solidity-parser/parser, loaded from
 * solhint's own dependencies so that lint and analysis read the source with
 * the same parser: functions and modifiers with their cyclomatic complexity,
 * public API with NatSpec or not, and imports.
 */
import { createRequire } from "node:module";
import type { FileAnalysis, FunctionInfo, ImportInfo, PublicSymbolInfo } from "./analysis.ts";

/** The subset of an AST node this module reads. */
type SolNode = {
  type: string;
  name?: string | null;
  kind?: string;
  visibility?: string;
  operator?: string;
  path?: string;
  isConstructor?: boolean;
  isFallback?: boolean;
  isReceiveEther?: boolean;
  body?: SolNode | null;
  subNodes?: SolNode[];
  children?: SolNode[];
  variables?: SolNode[];
  range?: [number, number];
  loc?: { start: { line: number }; end: { line: number } };
};

type SolidityParser = {
  parse(input: string, options: { loc: boolean; range: boolean; tolerant?: boolean }): SolNode;
};

const requireFromSolhint = createRequire(createRequire(import.meta.url).resolve("solhint"));
const parser = requireFromSolhint("@solidity-parser/parser") as SolidityParser;

/** Version of the parser, for the score record. */
export const SOLIDITY_PARSER_VERSION = (
  requireFromSolhint("@solidity-parser/parser/package.json") as { version: string }
).version;

const DECISIONS = new Set([
  "IfStatement",
  "ForStatement",
  "WhileStatement",
  "DoWhileStatement",
  "Conditional",
  "CatchClause",
]);

/** Children of a node: every property holding a node or an array of nodes. */
function childrenOf(node: SolNode): SolNode[] {
  const out: SolNode[] = [];
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

function isNode(value: unknown): value is SolNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** 1 + decision points of a body (`if`, loops, `?:`, `catch`, `&&`, `||`). */
function complexityOf(body: SolNode): number {
  let count = 1;
  const visit = (node: SolNode): void => {
    if (DECISIONS.has(node.type)) count++;
    if (node.type === "BinaryOperation" && (node.operator === "&&" || node.operator === "||")) count++;
    for (const child of childrenOf(node)) visit(child);
  };
  visit(body);
  return count;
}

/** Whether NatSpec (`/** ... *\/` or `///` lines) ends right before `offset`. */
export function precededByNatSpec(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text.charAt(i))) i--;
  if (i < 1) return false;
  if (text.charAt(i) === "/" && text.charAt(i - 1) === "*") {
    const start = text.lastIndexOf("/*", i - 2);
    return start !== -1 && text.startsWith("/**", start) && start + 3 <= i - 1;
  }
  const lineStart = text.lastIndexOf("\n", i) + 1;
  return text
    .slice(lineStart, i + 1)
    .trimStart()
    .startsWith("///");
}

function lines(node: SolNode): { startLine: number; endLine: number } {
  return { startLine: node.loc?.start.line ?? 0, endLine: node.loc?.end.line ?? 0 };
}

/** Whether a contract member is part of its public API. */
function isPublicMember(node: SolNode, contractKind: string): boolean {
  switch (node.type) {
    case "FunctionDefinition":
      if (node.isConstructor === true || node.isFallback === true || node.isReceiveEther === true) return false;
      return (
        node.visibility === "public" ||
        node.visibility === "external" ||
        (contractKind === "interface" && node.visibility === "default")
      );
    case "EventDefinition":
    case "CustomErrorDefinition":
      return true;
    case "StateVariableDeclaration":
      return node.variables?.some((v) => v.visibility === "public") ?? false;
    default:
      return false;
  }
}

function memberName(node: SolNode): string {
  if (node.type === "StateVariableDeclaration") return (node.variables ?? []).map((v) => v.name ?? "").join(", ");
  return node.name ?? "<unnamed>";
}

/**
 * Analyses a Solidity source. Returns empty lists if it does not parse (lint
 * reports the parse error).
 *
 * @example
 * analyzeSolidity("contract A { function f(uint x) external pure returns (uint) { return x > 1 ? 1 : 0; } }")
 * // functions: [{ name: "A.f", complexity: 2, ... }], publicSymbols: [{ name: "A", documented: false }, { name: "A.f", ... }]
 */
export function analyzeSolidity(text: string): FileAnalysis {
  let ast: SolNode;
  try {
    ast = parser.parse(text, { loc: true, range: true });
  } catch {
    return { functions: [], publicSymbols: [], imports: [] };
  }
  const functions: FunctionInfo[] = [];
  const publicSymbols: PublicSymbolInfo[] = [];
  const imports: ImportInfo[] = [];
  const documented = (node: SolNode): boolean => node.range !== undefined && precededByNatSpec(text, node.range[0]);

  for (const unit of ast.children ?? []) {
    if (unit.type === "ImportDirective" && unit.path !== undefined)
      imports.push({ specifier: unit.path, line: lines(unit).startLine });
    if (unit.type === "EventDefinition" || unit.type === "CustomErrorDefinition") {
      publicSymbols.push({ name: memberName(unit), ...lines(unit), documented: documented(unit) });
    }
    if (unit.type === "FunctionDefinition" && unit.body != null) {
      functions.push({ name: unit.name ?? "<free>", ...lines(unit), complexity: complexityOf(unit.body) });
    }
    if (unit.type !== "ContractDefinition") continue;
    const contract = unit.name ?? "<contract>";
    publicSymbols.push({ name: contract, ...lines(unit), documented: documented(unit) });
    for (const member of unit.subNodes ?? []) {
      if (isPublicMember(member, unit.kind ?? "contract")) {
        publicSymbols.push({
          name: `${contract}.${memberName(member)}`,
          ...lines(member),
          documented: documented(member),
        });
      }
      if ((member.type === "FunctionDefinition" || member.type === "ModifierDefinition") && member.body != null) {
        const name =
          member.isConstructor === true
            ? "constructor"
            : (member.name ?? (member.isReceiveEther === true ? "receive" : "fallback"));
        functions.push({ name: `${contract}.${name}`, ...lines(member), complexity: complexityOf(member.body) });
      }
    }
  }
  return { functions, publicSymbols, imports };
}
