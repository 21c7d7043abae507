import assert from "node:assert/strict";
import { test } from "node:test";

import { DEFAULT_GATES } from "../optIn/coherenceFile.ts";
import type { Contribution, RecordedOptIn, RecordedRefusal } from "../store/intakeStore.ts";
import { repositoryTallies } from "./repositories.ts";

const contribution = (repository: string, pullRequest: number, state: Contribution["state"]): Contribution => ({
  id: `0x${pullRequest.toString(16).padStart(64, "0")}`,
  deliveryId: `d${pullRequest}`,
  repository,
  pullRequest,
  login: "ada",
  assetId: 1n,
  contributor: "0x00000000000000000000000000000000000000aa",
  laborMicroUsd: 1n,
  toolsMicroUsd: 0n,
  computeMicroUsd: 0n,
  evidenceUri: `https://${repository}.git#a..b`,
  evidenceHash: `0x${"ab".repeat(32)}`,
  mergedAt: 100,
  state,
  heldReason: undefined,
  transactionHash: undefined,
});

const refusal = (seq: number, subject: string, code: string): RecordedRefusal => ({
  seq,
  at: seq,
  deliveryId: `r${seq}`,
  stage: "gate",
  code,
  subject,
  reason: code,
});

const strict = {
  ...DEFAULT_GATES,
  requireApproval: false,
  excludedLabels: ["chore", "coherence:skip"],
  rateLimit: { count: 1, windowSeconds: 3600 },
  maxMicroUsdPerChangedLine: 18_446_744_073_709_551_615n,
};

test("each repository carries the gates of its latest verified opt-in, and the asset it names", () => {
  const optIns: RecordedOptIn[] = [
    { forge: "github", repository: "github.com/o/lib", assetId: 2n, gates: strict, verifiedAt: 500 },
  ];
  const [lib] = repositoryTallies([contribution("github.com/o/lib", 1, "attested")], [], optIns);
  assert.deepEqual(lib, {
    forge: "github",
    repository: "github.com/o/lib",
    assetId: 2n,
    counts: { pending: 0, held: 0, attested: 1, refused: 0 },
    gates: strict,
    gatesVerifiedAt: 500,
  });
});

test("a repository whose opt-in was verified is listed before any work of it was taken, its refusals counted", () => {
  const optIns: RecordedOptIn[] = [
    { forge: "gitlab", repository: "gitlab.example.org/g/p", assetId: 3n, gates: DEFAULT_GATES, verifiedAt: 7 },
  ];
  const refused = [refusal(1, "gitlab.example.org/g/p!4", "not-approved"), refusal(2, "gitlab.example.org/g/p!4", "x")];
  const [project] = repositoryTallies([], refused, optIns);
  assert.equal(project?.forge, "gitlab");
  assert.deepEqual(project?.counts, { pending: 0, held: 0, attested: 0, refused: 1 }, "a change request counts once");
  assert.deepEqual(project?.gates, DEFAULT_GATES);
});

test("work taken before the intake kept opt-ins has no gates to serve, rather than the defaults", () => {
  const [old] = repositoryTallies(
    [contribution("github.com/o/old", 1, "held"), contribution("github.com/o/old", 2, "sent")],
    [],
    [],
  );
  assert.deepEqual(old?.counts, { pending: 1, held: 1, attested: 0, refused: 0 });
  assert.equal(old?.gates, undefined);
  assert.equal(old?.gatesVerifiedAt, undefined);
});
