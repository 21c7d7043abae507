import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { canonicalHash, type Hex, rateCardSchema } from "@coherence/protocol";

import { CostStore } from "./costStore.ts";
import { MAX_COST_FILE_BYTES } from "./readCostFile.ts";

const card = rateCardSchema.encode({
  asset: "parser",
  format: "coherence-rate-card-v1",
  roles: { engineer: { maxHourlyMicroUsd: 200_000_000n, minHourlyMicroUsd: 80_000_000n } },
});

test("a published document is found by its canonical hash, as canonical JSON", async () => {
  const store = new CostStore(await mkdtemp(path.join(tmpdir(), "costs-")));
  const hash = await store.put(card);
  assert.equal(hash, canonicalHash(card));
  assert.deepEqual(await store.get(hash), { json: card });
});

test("what is not that document is a problem in words any machine gives alike", async () => {
  const store = new CostStore(await mkdtemp(path.join(tmpdir(), "costs-")));
  const absent = `0x${"11".repeat(32)}` as Hex;
  assert.deepEqual(await store.get(absent), { problem: "is not published" });

  const hash = await store.put(card);
  await writeFile(store.pathOf(hash), JSON.stringify({ ...(card as object), asset: "swapped" }));
  const swapped = await store.get(hash);
  assert.match(
    (swapped as { problem: string }).problem,
    /^the published file hashes to 0x[0-9a-f]{64}, not to its name$/,
  );

  await writeFile(store.pathOf(absent), "{ not json");
  assert.deepEqual(await store.get(absent), { problem: "is not JSON" });

  await writeFile(store.pathOf(absent), `"${"x".repeat(MAX_COST_FILE_BYTES)}"`);
  assert.deepEqual(await store.get(absent), {
    problem: `is larger than ${MAX_COST_FILE_BYTES} bytes, the limit for a cost file`,
  });

  await writeFile(store.pathOf(absent), '{"hours":1.5}');
  assert.match(((await store.get(absent)) as { problem: string }).problem, /^is not canonical JSON/);
});
