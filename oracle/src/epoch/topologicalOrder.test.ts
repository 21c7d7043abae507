import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";
import fc from "fast-check";
import { childrenFirstOrder } from "./topologicalOrder.ts";

describe("childrenFirstOrder", () => {
  test("puts every asset after all assets built from it, for any DAG", () => {
    const dag = fc
      .integer({ min: 1, max: 30 })
      .chain((n) =>
        fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            i === 0 ? fc.constant([] as number[]) : fc.uniqueArray(fc.nat(i - 1), { maxLength: 4 }),
          ),
        ),
      );
    fc.assert(
      fc.property(dag, fc.integer(), (parents, seed) => {
        // Relabel so the DAG is not built in index order.
        const n = parents.length;
        const label = Array.from({ length: n }, (_, i) => i).sort(
          (a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b,
        );
        const relabelled: number[][] = Array.from({ length: n }, () => []);
        parents.forEach((ps, i) => {
          relabelled[label[i]!] = ps.map((p) => label[p]!);
        });
        const order = childrenFirstOrder(
          relabelled,
          relabelled.map((_, i) => BigInt(i)),
        );
        const position = new Map(Array.from(order, (a, k) => [a, k]));
        assert.equal(position.size, n);
        relabelled.forEach((ps, child) => {
          for (const p of ps) assert.ok(position.get(child)! < position.get(p)!);
        });
      }),
      { numRuns: 150 },
    );
  });

  test("names the assets on or above a cycle", () => {
    assert.throws(
      () => childrenFirstOrder([[1], [0], [0]], [10n, 11n, 12n]),
      (e: unknown) =>
        e instanceof InvalidArgumentError && /cycle: asset\(s\) 10, 11 are on or above it/.test(e.message),
    );
  });
});
