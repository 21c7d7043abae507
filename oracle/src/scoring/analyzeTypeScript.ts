/**
 * Analysis of a TypeScript or JavaScript file with the TypeScript compiler's
 * parser: functions and their cyclomatic complexity, exported symbols and
 * whether they carry JSDoc, and imports.
 */
import ts from "typescript";
import type { FileAnalysis, FunctionInfo, ImportInfo, PublicSymbolInfo } from "./analysis.ts";

function scriptKindOf(path: string): ts.ScriptKind {
  if (path.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (path.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const LOGICAL_OPERATORS = new Set([
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/** Whether `node` adds a path through the code (McCabe's decision points). */
function isDecision(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.IfStatement:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.WhileStatement:
    case ts.SyntaxKind.DoStatement:
    case ts.SyntaxKind.CaseClause:
    case ts.SyntaxKind.CatchClause:
      return true;
    case ts.SyntaxKind.BinaryExpression:
      return LOGICAL_OPERATORS.has((node as ts.BinaryExpression).operatorToken.kind);
    default:
      return false;
  }
}

type FunctionNode = ts.FunctionLikeDeclaration & { body: ts.Node };

function isFunctionWithBody(node: ts.Node): node is FunctionNode {
  return ts.isFunctionLike(node) && "body" in node && node.body !== undefined;
}

/** 1 + the decision points of `fn`'s body, not descending into nested functions or classes. */
function complexityOf(fn: FunctionNode): number {
  let count = 1;
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node) || ts.isClassLike(node)) return;
    if (isDecision(node)) count++;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return count;
}

function nameOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name !== undefined && !ts.isComputedPropertyName(named.name)) return named.name.getText(sourceFile);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  // `const f = () => ...`: the variable names the function.
  const parent = node.parent;
  if (parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent !== undefined && ts.isPropertyAssignment(parent)) return parent.name.getText(sourceFile);
  return "<anonymous>";
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** The `/** ... *\/` comment that is the last comment before `node`, as text, or `undefined`. */
function jsDocOf(node: ts.Node, text: string): string | undefined {
  const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const last = comments[comments.length - 1];
  const isJsDoc =
    last !== undefined &&
    last.kind === ts.SyntaxKind.MultiLineCommentTrivia &&
    text.startsWith("/**", last.pos) &&
    !text.startsWith("/**/", last.pos);
  return isJsDoc ? text.slice(last.pos, last.end) : undefined;
}

/** The words of a doc comment: markers and line-leading stars removed, whitespace collapsed. */
function docWords(comment: string): string {
  return comment
    .slice(3, -2)
    .replace(/^\s*\*/gm, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A declaration's text without its bodies (function bodies, class members), whitespace collapsed: two versions
 * of a symbol with the same signature are the same API, whatever changed inside.
 */
function signatureOf(node: ts.Node, sourceFile: ts.SourceFile): string {
  const start = node.getStart(sourceFile);
  const cuts: [number, number][] = [];
  const visit = (child: ts.Node): void => {
    if (isFunctionWithBody(child)) {
      cuts.push([child.body.getStart(sourceFile), child.body.getEnd()]);
      return;
    }
    if (ts.isClassLike(child) && child.members.length > 0) {
      cuts.push([child.members.pos, child.members.end]);
      return;
    }
    ts.forEachChild(child, visit);
  };
  if (isFunctionWithBody(node) || ts.isClassLike(node)) visit(node);
  else ts.forEachChild(node, visit);
  let out = "";
  let at = start;
  for (const [from, to] of cuts.sort((a, b) => a[0] - b[0])) {
    if (from < at) continue;
    out += `${sourceFile.text.slice(at, from)}{}`;
    at = to;
  }
  out += sourceFile.text.slice(at, node.getEnd());
  // Tokens only: a comment inside a declaration (a member's doc) is documentation, not signature.
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, sourceFile.languageVariant, out);
  const tokens: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan())
    tokens.push(scanner.getTokenText());
  return tokens.join(" ");
}

/** What a public symbol's entry says about its docs and signature. */
function symbolDetails(
  node: ts.Node,
  sourceFile: ts.SourceFile,
): Pick<PublicSymbolInfo, "documented" | "signature" | "doc"> {
  const comment = jsDocOf(node, sourceFile.text);
  return {
    documented: comment !== undefined,
    signature: signatureOf(node, sourceFile),
    ...(comment !== undefined ? { doc: docWords(comment) } : {}),
  };
}

const DECLARATION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.ModuleDeclaration,
]);

/** Whether a class member is part of the public API (not private, protected or `#private`). */
function isPublicMember(member: ts.ClassElement): boolean {
  if (
    ts.isConstructorDeclaration(member) ||
    ts.isClassStaticBlockDeclaration(member) ||
    ts.isSemicolonClassElement(member)
  )
    return false;
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return false;
  return !hasModifier(member, ts.SyntaxKind.PrivateKeyword) && !hasModifier(member, ts.SyntaxKind.ProtectedKeyword);
}

/**
 * Analyses a TS/JS source. `path` picks the dialect (`.tsx`, `.js`, ...).
 * Syntax errors never throw: the parser recovers and lint reports them.
 *
 * @example
 * analyzeTypeScript("src/a.ts", "export function f(x: number) { return x > 0 ? 1 : 2; }")
 * // { functions: [{ name: "f", startLine: 1, endLine: 1, complexity: 2 }], publicSymbols: [{ name: "f", documented: false, ... }], imports: [] }
 */
export function analyzeTypeScript(path: string, text: string): FileAnalysis {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindOf(path));
  const lineOf = (pos: number): number => sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
  const span = (node: ts.Node): { startLine: number; endLine: number } => ({
    startLine: lineOf(node.getStart(sourceFile)),
    endLine: lineOf(node.getEnd()),
  });

  const functions: FunctionInfo[] = [];
  const imports: ImportInfo[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node)) {
      const owner =
        node.parent !== undefined && ts.isClassLike(node.parent) && node.parent.name !== undefined
          ? `${node.parent.name.text}.`
          : "";
      functions.push({ name: owner + nameOf(node, sourceFile), ...span(node), complexity: complexityOf(node) });
    }
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      imports.push({ specifier: node.moduleSpecifier.text, line: lineOf(node.getStart(sourceFile)) });
    }
    if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const [argument] = node.arguments;
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if ((isImport || isRequire) && argument !== undefined && ts.isStringLiteralLike(argument)) {
        imports.push({ specifier: argument.text, line: lineOf(node.getStart(sourceFile)) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  const publicSymbols: PublicSymbolInfo[] = [];
  for (const statement of sourceFile.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    if (ts.isExportAssignment(statement)) {
      publicSymbols.push({ name: "default", ...span(statement), ...symbolDetails(statement, sourceFile) });
      continue;
    }
    if (!exported || !DECLARATION_KINDS.has(statement.kind)) continue;
    const name = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((d) => d.name.getText(sourceFile)).join(", ")
      : nameOf(statement, sourceFile);
    publicSymbols.push({ name, ...span(statement), ...symbolDetails(statement, sourceFile) });
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        if (!isPublicMember(member)) continue;
        publicSymbols.push({
          name: `${name}.${nameOf(member, sourceFile)}`,
          ...span(member),
          ...symbolDetails(member, sourceFile),
        });
      }
    }
  }
  return { functions, publicSymbols, imports };
}
