import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { type Hex, InvalidArgumentError, withCostReport } from "@coherence/protocol";

import { CostStore } from "../costs/costStore.ts";
import { evidenceBindingsOf, evidenceFragmentOf, evidenceHashOf } from "./evidence.ts";

const RANGE = `${"1a".repeat(20)}..${"2b".repeat(20)}`;
const REPORT = `0x${"cd".repeat(32)}` as Hex;
const BOUND = withCostReport(RANGE, REPORT);
const URL = "https://github.com/octo-org/lib.git";
const ID = `0x${"01".repeat(32)}` as Hex;

const compact = { id: ID, evidenceUri: `${URL}#${RANGE}`, evidenceHash: evidenceHashOf(BOUND) };

test("a URI whose fragment the hash commits to is its own evidence, with or without its report spelled", () => {
  for (const fragment of [RANGE, BOUND]) {
    const c = { id: ID, evidenceUri: `${URL}#${fragment}`, evidenceHash: evidenceHashOf(fragment) };
    assert.equal(evidenceFragmentOf(c), fragment);
  }
});

test("a URI naming only the range is the published binding its hash commits to", async () => {
  const store = new CostStore(await mkdtemp(path.join(tmpdir(), "bindings-")));
  assert.throws(() => evidenceFragmentOf(compact), InvalidArgumentError, "unpublished, it is not evidence");
  assert.equal(await store.putBinding(BOUND), compact.evidenceHash);
  const bindings = await evidenceBindingsOf(store, [compact]);
  assert.deepEqual([...bindings], [[compact.evidenceHash, BOUND]]);
  assert.equal(evidenceFragmentOf(compact, bindings), BOUND);
});

test("a binding of other work, or a file that does not hash to its name, binds nothing", async () => {
  const store = new CostStore(await mkdtemp(path.join(tmpdir(), "bindings-")));
  // The hash commits to BOUND, but the URI names another range: the binding is not of the URI's work.
  const elsewhere = { ...compact, evidenceUri: `${URL}#${"3c".repeat(20)}..${"4d".repeat(20)}` };
  await store.putBinding(BOUND);
  assert.equal((await evidenceBindingsOf(store, [elsewhere])).size, 0);
  assert.throws(() => evidenceFragmentOf(elsewhere, new Map([[compact.evidenceHash, BOUND]])), InvalidArgumentError);

  // Swapping the report in the published file makes it another fragment, so the store does not serve it.
  await writeFile(store.bindingPathOf(compact.evidenceHash), withCostReport(RANGE, `0x${"ef".repeat(32)}`));
  assert.equal(await store.getBinding(compact.evidenceHash), undefined);
  assert.equal((await evidenceBindingsOf(store, [compact])).size, 0);

  // A binding must bind a report: the bare range under the hash of the range is the plain form, not a binding.
  const bare = { ...compact, evidenceHash: evidenceHashOf(`${RANGE};other`) };
  await store.putBinding(`${RANGE};other`);
  assert.equal((await evidenceBindingsOf(store, [bare])).size, 0);
});
