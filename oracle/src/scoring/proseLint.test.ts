import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_PROSE } from "./config.ts";
import { ProseLinterVersionError } from "./errors.ts";
import { introducedProseFindings, proseOf } from "./proseLint.ts";

const all = (text: string) => new Set(text.split("\n").map((_, i) => i + 1));

describe("prose lint (retext, pinned)", () => {
  test("finds the pinned rules' mistakes and filler in added prose", () => {
    const text = "# Usage\n\nCall it with an URL. It basically retries the the request.\n";
    assert.deepEqual(
      introducedProseFindings(text, undefined, all(text), DEFAULT_PROSE).map((f) => [f.line, f.rule, f.words]),
      [
        [3, "indefinite-article", "an"],
        [3, "intensify/filler", "basically"],
        [3, "repeated-words", "the the"],
      ],
    );
  });

  test("counts only what the change introduced: old findings and lines it did not add are not charged", () => {
    const before = "It basically works.\n\nSee the API.\n";
    const after = "It basically works.\n\nSee the API. It basically retries.\n";
    assert.deepEqual(
      introducedProseFindings(after, before, new Set([3]), DEFAULT_PROSE).map((f) => [f.line, f.words]),
      [[3, "basically"]],
    );
    // A reworded line that keeps its old finding introduces none.
    assert.deepEqual(
      introducedProseFindings("It basically runs.\n", "It basically works.\n", new Set([1]), DEFAULT_PROSE),
      [],
    );
    // Hedges and weasels are not among the default rules: technical prose needs them.
    assert.deepEqual(introducedProseFindings("Some requests may fail.\n", undefined, new Set([1]), DEFAULT_PROSE), []);
  });

  test("lints prose only: code, link targets, HTML and URLs are blanked, lines and columns kept", () => {
    const markdown =
      'Run `the the` or [the docs](the%20the.md) <img alt="the the"> https://x.org/the/the\n```js\nthe the\n```\n';
    const prose = proseOf(markdown);
    assert.equal(prose.length, markdown.length);
    assert.equal(prose.split("\n").length, markdown.split("\n").length);
    assert.deepEqual(introducedProseFindings(markdown, undefined, all(markdown), DEFAULT_PROSE), []);
  });

  test("refuses to lint with another version than the config pins", () => {
    const settings = { ...DEFAULT_PROSE, versions: { ...DEFAULT_PROSE.versions, "retext-english": "4.1.0" } };
    assert.throws(
      () => introducedProseFindings("Text.\n", undefined, new Set([1]), settings),
      (error) =>
        error instanceof ProseLinterVersionError && /pins retext-english 4\.1\.0, but 5\.0\.0/.test(error.message),
    );
  });
});
