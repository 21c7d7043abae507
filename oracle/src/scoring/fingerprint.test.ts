import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { shingleHashes, tokenize, winnow } from "./fingerprint.ts";

const texts = (source: string): string[] => tokenize(source).map((t) => t.text);

describe("tokenize", () => {
  test("normalises identifiers, strings and numbers and keeps keywords and operators", () => {
    assert.deepEqual(texts('const total = price * 2 + "x"; // note\nreturn a?.b ?? 0x1f;'), [
      "const",
      "$",
      "=",
      "$",
      "*",
      "0",
      "+",
      '"',
      ";",
      "return",
      "$",
      "?.",
      "$",
      "??",
      "0",
      ";",
    ]);
  });

  test("drops comments and whitespace and tracks lines", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the tokenizer's input is source text with a template literal in it
    const tokens = tokenize("/* a\n b */ x\n\n`t\n${y}` y");
    assert.deepEqual(tokens, [
      { text: "$", line: 2 },
      { text: '"', line: 4 },
      { text: "$", line: 5 },
    ]);
  });

  test("renaming variables and reformatting does not change the tokens", () => {
    const a = "function add(a, b) { return a + b; }";
    const b = "function   plus(x,y){\n  // sum\n  return x+y;\n}";
    assert.deepEqual(texts(a), texts(b));
  });
});

describe("shingleHashes", () => {
  test("rolling hashes equal hashes of each shingle computed alone", () => {
    const tokens = tokenize("let a = b + c * d - e / f; if (a > 0) { return a; } else { return -a; }");
    const k = 5;
    const rolled = shingleHashes(tokens, k);
    assert.equal(rolled.length, tokens.length - k + 1);
    for (let i = 0; i < rolled.length; i++) {
      assert.equal(rolled[i], shingleHashes(tokens.slice(i, i + k), k)[0]);
    }
  });

  test("fewer tokens than k give no shingle", () => {
    assert.equal(shingleHashes(tokenize("a b"), 3).length, 0);
  });
});

describe("winnow", () => {
  test("reproduces the example of the winnowing paper (rightmost minimum)", () => {
    const hashes = Uint32Array.of(77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98);
    assert.deepEqual(winnow(hashes, 4), [17, 17, 8, 39, 17]);
  });

  test("a sequence shorter than the window keeps its minimum", () => {
    assert.deepEqual(winnow(Uint32Array.of(5, 3, 9), 4), [3]);
    assert.deepEqual(winnow(new Uint32Array(0), 4), []);
  });
});
