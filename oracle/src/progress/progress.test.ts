import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { formatProgress, progressReporter } from "./progress.ts";

/** A reporter on a fake clock, collecting what it writes. */
function recorded(mode: "terminal" | "json" | "silent") {
  const written: string[] = [];
  let clock = 0;
  const reporter = progressReporter(
    mode,
    (text) => written.push(text),
    () => clock,
  );
  return { reporter, written, advance: (ms: number) => (clock += ms) };
}

describe("progress", () => {
  test("a line says the phase, done of total, the rate and the time left", () => {
    assert.equal(
      formatProgress({ phase: "scoring", done: 120, total: 300 }, 3_400),
      "scoring 120/300 (40%) · 35/s · about 5 s left",
    );
    assert.equal(formatProgress({ phase: "scoring", done: 300, total: 300 }, 3_400), "scoring 300/300 (100%) · 88/s");
    assert.equal(formatProgress({ phase: "reading the chain", done: 1_200 }, 500), "reading the chain 1200");
    assert.equal(formatProgress({ phase: "checking proofs", done: 0, total: 0 }, 0), "checking proofs 0/0 (100%)");
    assert.equal(
      formatProgress({ phase: "auditing", done: 1, total: 1_000 }, 2_000),
      "auditing 1/1000 (0%) · 0.5/s · about 33 min 18 s left",
    );
  });

  test("on a terminal one line is redrawn in place, at most every 100 ms, and cleared at the end", () => {
    const { reporter, written, advance } = recorded("terminal");
    reporter.report({ phase: "scoring", done: 0, total: 3 });
    advance(10);
    reporter.report({ phase: "scoring", done: 1, total: 3 }); // too soon: not drawn
    advance(100);
    reporter.report({ phase: "scoring", done: 2, total: 3 });
    advance(1);
    reporter.report({ phase: "scoring", done: 3, total: 3 }); // the last of a phase is always drawn
    reporter.end();
    assert.deepEqual(
      written.map((w) => w.replace("\r\u001b[K", "<clear>")),
      [
        "<clear>scoring 0/3 (0%)",
        "<clear>scoring 2/3 (66%) · 18/s · about 1 s left",
        "<clear>scoring 3/3 (100%) · 27/s",
        "<clear>",
      ],
    );
  });

  test("under --json every phase's first and last events are JSON lines with the elapsed time", () => {
    const { reporter, written, advance } = recorded("json");
    reporter.report({ phase: "reading the chain", done: 0 });
    advance(5);
    reporter.report({ phase: "reading the chain", done: 40 }); // within 250 ms of the last: skipped
    advance(5);
    reporter.report({ phase: "scoring", done: 2, total: 2 });
    reporter.end();
    assert.deepEqual(
      written.map((line) => JSON.parse(line)),
      [
        { event: "progress", phase: "reading the chain", done: 0, elapsedMs: 0 },
        { event: "progress", phase: "scoring", done: 2, total: 2, elapsedMs: 10 },
      ],
    );
  });

  test("piped without --json it writes nothing", () => {
    const { reporter, written } = recorded("silent");
    reporter.report({ phase: "scoring", done: 1, total: 1 });
    reporter.end();
    assert.deepEqual(written, []);
  });
});
