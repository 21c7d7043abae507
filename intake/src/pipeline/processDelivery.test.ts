import assert from "node:assert/strict";
import { test } from "node:test";

import type { Delivery } from "../store/intakeStore.ts";
import { mergeRequestHook, noteHook } from "../testing/gitlabDeliveries.ts";
import type { IntakeContext } from "./intakeContext.ts";
import { processDelivery } from "./processDelivery.ts";

const project = { id: 101, pathWithNamespace: "octo-org/lib" };
const ada = { login: "ada", id: 1010 };
const delivery = (event: string, payload: Record<string, unknown>): Delivery => ({
  id: "gl-1",
  forge: "gitlab",
  event,
  payload: JSON.stringify(payload),
  receivedAt: 1,
});
// Only the forges are read before these outcomes: nothing else of the context is reached.
const withForges = (forges: IntakeContext["forges"]) => ({ forges }) as IntakeContext;

test("a delivery of a forge the intake is not configured for is refused, saying which", async () => {
  const merged = mergeRequestHook({
    project,
    iid: 1,
    by: ada,
    authorId: ada.id,
    action: "merge",
    merge: "a".repeat(40),
  });
  const outcome = await processDelivery(withForges({}), delivery("merge_request.merge", merged));
  assert.deepEqual(outcome.refusals, [
    {
      deliveryId: "gl-1",
      stage: "delivery",
      subject: undefined,
      code: "forge-not-configured",
      reason: "the intake is not configured for gitlab",
    },
  ]);
});

test("GitLab's other events, and a note that is no new comment, are done with nothing to do", async () => {
  const forges = withForges({ gitlab: {} as NonNullable<IntakeContext["forges"]["gitlab"]> });
  const pipeline = await processDelivery(forges, delivery("pipeline", { object_kind: "pipeline" }));
  assert.deepEqual(pipeline.refusals, []);
  const edited = noteHook({ project, iid: 1, author: ada, body: "/ccn unlink" });
  (edited.object_attributes as { action: string }).action = "update";
  const outcome = await processDelivery(forges, delivery("note.update", edited));
  assert.deepEqual([outcome.refusals, outcome.unlinks], [[], []], "an edited /ccn unlink unlinks nobody");
});
