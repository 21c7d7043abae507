/**
 * Code fingerprints for copy detection, after Schleimer, Wilkerson and Aiken,
 * "Winnowing: local algorithms for document fingerprinting" (SIGMOD 2003), the
 * method of MOSS:
 * 1. tokenize C-like source (JS, TS, Solidity), dropping whitespace and
 *    comments, and normalise: identifiers -> `$`, strings -> `"`, numbers -> `0`,
 *    keywords and punctuation kept (renaming variables does not hide a copy);
 * 2. hash every run of `k` consecutive tokens (a shingle) with a polynomial
 *    rolling hash over 32-bit FNV-1a token hashes, all in 32-bit integer math;
 * 3. winnow: from every window of `w` consecutive shingle hashes keep the
 *    minimum (the rightmost on ties), so any shared run of `k + w - 1` tokens
 *    shares at least one kept fingerprint.
 */

/** A normalised token and the 1-based line it starts on. */
export type Token = { text: string; line: number };

const KEYWORDS = new Set(
  (
    "abstract any as assert assembly async await boolean break bytes bytes32 calldata case catch class const constant constructor continue " +
    "contract debugger declare default delete do else emit enum error event export extends external fallback false finally for from " +
    "function get if immutable implements import in instanceof interface internal is keyof let library mapping memory modifier " +
    "namespace never new null number object of override package payable private protected public pure readonly receive require " +
    "return returns revert satisfies set static storage string struct super switch this throw true try type typeof uint uint8 " +
    "uint16 uint32 uint64 uint128 uint256 int int256 address undefined unchecked unknown using var view virtual void while with yield"
  ).split(" "),
);

const OPERATORS = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "**",
  "<<",
  ">>",
];

function isIdentifierStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === "$";
}

function isIdentifierPart(c: string): boolean {
  return isIdentifierStart(c) || (c >= "0" && c <= "9");
}

/** End (exclusive) of a quoted string starting at `i`; template literals end at the matching backtick. */
function stringEnd(text: string, i: number): number {
  const quote = text.charAt(i);
  let j = i + 1;
  while (j < text.length) {
    const c = text.charAt(j);
    if (c === "\\") j += 2;
    else if (c === quote) return j + 1;
    else if (c === "\n" && quote !== "`") return j;
    else j++;
  }
  return text.length;
}

/**
 * Normalised tokens of a C-like source.
 *
 * @example
 * tokenize("let total = price * 2; // cost") // let $ = $ * 0 ; (each with line 1)
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const advanceTo = (end: number): void => {
    for (let j = i; j < end; j++) if (text.charCodeAt(j) === 10) line++;
    i = end;
  };
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      i++;
    } else if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      advanceTo(end === -1 ? text.length : end + 2);
    } else if (c === '"' || c === "'" || c === "`") {
      tokens.push({ text: '"', line });
      advanceTo(stringEnd(text, i));
    } else if (c >= "0" && c <= "9") {
      tokens.push({ text: "0", line });
      let j = i + 1;
      while (j < text.length && (isIdentifierPart(text.charAt(j)) || text.charAt(j) === ".")) j++;
      i = j;
    } else if (isIdentifierStart(c)) {
      let j = i + 1;
      while (j < text.length && isIdentifierPart(text.charAt(j))) j++;
      const word = text.slice(i, j);
      tokens.push({ text: KEYWORDS.has(word) ? word : "$", line });
      i = j;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? c;
      tokens.push({ text: op, line });
      i += op.length;
    }
  }
  return tokens;
}

/**
 * The text with JavaScript's `#private` names written as plain identifiers (scoring v2 fingerprints this), so that
 * turning `_name` members into `#name` ones reads as a move, not as new code. Line breaks are kept.
 *
 * @example
 * privateNamesAsIdentifiers("this.#count++") // "this.count++"
 */
export function privateNamesAsIdentifiers(text: string): string {
  return text.replace(/#(?=[A-Za-z_$])/g, "");
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const BASE = 0x01000193;

/**
 * Hashes of every `k`-token shingle of `tokens`, in order (none if fewer than k tokens).
 * `h = sum(t_i * B^(k-1-i)) mod 2^32`, rolled one token at a time.
 */
export function shingleHashes(tokens: readonly Token[], k: number): Uint32Array {
  if (tokens.length < k) return new Uint32Array(0);
  const out = new Uint32Array(tokens.length - k + 1);
  const tokenHashes = tokens.map((t) => fnv1a(t.text));
  let top = 1; // B^(k-1)
  for (let i = 1; i < k; i++) top = Math.imul(top, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + tokenHashes[i]!) | 0;
  out[0] = h >>> 0;
  for (let i = k; i < tokens.length; i++) {
    h = (Math.imul(h - Math.imul(tokenHashes[i - k]!, top), BASE) + tokenHashes[i]!) | 0;
    out[i - k + 1] = h >>> 0;
  }
  return out;
}

/**
 * Winnowed fingerprints of shingle hashes: the minimum of every window of `w`
 * (rightmost on ties), each selected position once, in order. A sequence
 * shorter than one window keeps its minimum.
 *
 * @example
 * winnow(Uint32Array.of(77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98), 4)
 * // [17, 17, 8, 39, 17] (the paper's example)
 */
export function winnow(hashes: Uint32Array, w: number): number[] {
  const out: number[] = [];
  if (hashes.length === 0) return out;
  const windows = Math.max(1, hashes.length - w + 1);
  let lastPicked = -1;
  for (let start = 0; start < windows; start++) {
    const end = Math.min(hashes.length, start + w);
    let min = start;
    for (let j = start + 1; j < end; j++) if (hashes[j]! <= hashes[min]!) min = j;
    if (min !== lastPicked) {
      out.push(hashes[min]!);
      lastPicked = min;
    }
  }
  return out;
}
