import assert from "node:assert/strict";
import { test } from "node:test";

import type { Delivery } from "../store/intakeStore.ts";
import { nextToStart } from "./deliveryOrder.ts";

const delivery = (id: string, event: string, repository: string): Delivery => ({
  id,
  forge: "github",
  event,
  payload: JSON.stringify({ repository: { full_name: repository } }),
  receivedAt: 1,
});
const pr = (id: string, repository: string) => delivery(id, "pull_request.closed", repository);
const comment = (id: string, repository: string) => delivery(id, "issue_comment.created", repository);

test("pull requests of different repositories run side by side; one repository's, one at a time, in order", () => {
  const queued = [pr("a1", "o/a"), pr("a2", "o/a"), pr("b1", "o/b")];
  assert.equal(nextToStart(queued, [])?.id, "a1");
  assert.equal(nextToStart(queued, [queued[0]!])?.id, "b1", "a2 waits for a1");
  assert.equal(nextToStart(queued, [queued[0]!, queued[2]!]), undefined);
});

test("a comment waits for everything before it and holds back everything after it", () => {
  const queued = [pr("a1", "o/a"), comment("c", "o/a"), pr("b1", "o/b")];
  assert.equal(nextToStart(queued, [queued[0]!]), undefined, "b1 may need the link the comment makes");
  assert.equal(nextToStart(queued.slice(1), [])?.id, "c");
  assert.equal(nextToStart(queued.slice(2), [queued[1]!]), undefined, "nothing runs beside a comment");
});

test("GitLab's merge requests are ordered by project, and its notes are comments", () => {
  const gitlab = (id: string, event: string, project: string): Delivery => ({
    id,
    forge: "gitlab",
    event,
    payload: JSON.stringify({ project: { path_with_namespace: project } }),
    receivedAt: 1,
  });
  const queued = [
    gitlab("m1", "merge_request.merge", "g/a"),
    gitlab("m2", "merge_request.merge", "g/a"),
    pr("b1", "g/a"),
  ];
  assert.equal(nextToStart(queued, [queued[0]!])?.id, "b1", "GitHub's g/a is another repository than GitLab's");
  const withNote = [gitlab("n", "note.create", "g/a"), gitlab("m3", "merge_request.merge", "g/b")];
  assert.equal(nextToStart(withNote, [queued[0]!]), undefined, "a note waits like a comment");
  assert.equal(nextToStart(withNote.slice(1), [withNote[0]!]), undefined, "and holds back what follows it");
});
