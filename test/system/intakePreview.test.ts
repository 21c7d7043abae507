/**
 * The preview where the contributor is, end to end: the intake as its own process on a Hardhat node, GitHub's API
 * replayed (its Checks API keeps every run and each state it was given), real git repositories the intake fetches
 * into its own mirrors, signed `pull_request` and `issue_comment` deliveries over HTTP. An opened pull request gets
 * a "Coherence preview" check run, in progress and then completed with who would be attested and the score `ccn
 * score` gives its range, each metric's reason; a push gets a run on the new head; `/ccn preview` runs it again on
 * the same run; merged, the work is still attested with its transaction in the feedback comment. Previews of an
 * issue, of a repository that did not opt in and of merged work are refused with their reason, and a range that
 * cannot be fetched says so on the run.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { waitFor } from "@coherence/devnet";
import {
  accountOf,
  createdComment,
  forgeAccount,
  type GitRepository,
  type IntakeWorld,
  type PayloadRepository,
  type Pull,
  type ReplayCheckRun,
  type ReplayRepository,
  startIntakeWorld,
} from "@coherence/intake/testing";

import { runCcn } from "./ccnBin.ts";

describe("the preview on the pull request", { timeout: 600_000 }, () => {
  let w: IntakeWorld;
  let lib: GitRepository;
  let replay: ReplayRepository;
  let repository: PayloadRepository;
  let pull: Pull;
  const approved = [{ by: "linus" as const, state: "APPROVED" as const }];

  before(async () => {
    w = await startIntakeWorld();
    repository = w.repositoryPayload("lib");
    [lib, replay] = await w.optedInRepository("lib", "ada");
    await w.startIntake();
    await w.deliver(
      "issue_comment",
      createdComment({ repository, number: 1, author: forgeAccount("ada"), body: await w.linkComment("ada") }),
    );
    await w.waitLinksSettled();
  });
  after(() => w?.stop());

  const runsOn = (head: string, on = replay) => (on.checkRunLog?.runs ?? []).filter((r) => r.headSha === head);
  /** The run on `head` once it has at least `states` states and its last is completed. */
  const completedRun = (head: string, states = 1) =>
    waitFor(
      `a completed preview on ${head.slice(0, 12)}`,
      async () => {
        const [run] = runsOn(head);
        return run !== undefined && run.states.length >= states && run.states.at(-1)!.status === "completed"
          ? run
          : undefined;
      },
      { timeoutMs: 120_000, process: w.intake },
    );
  const last = (run: ReplayCheckRun) => run.states.at(-1)!;
  /** What `ccn score` says of the range, as a contributor would run it. */
  const ccnScore = async (range: string) => {
    const { code, output } = await runCcn(["score", "--repo", lib.dir, "--range", range, "--json"]);
    assert.equal(code, 0, output);
    return JSON.parse(output.slice(output.indexOf("{"))) as {
      coherenceBps: number;
      metrics: Record<string, { reason: string }>;
    };
  };

  test("an opened pull request gets a check run, in progress then completed with who is paid and ccn score's score and reasons", async () => {
    pull = await w.pullRequest(lib, replay, 2, { author: "ada", lines: 20, reviews: approved, merge: false });
    await w.deliver("pull_request", w.updated(pull, "ada", repository, "opened"));
    const run = await completedRun(pull.head);
    assert.equal(run.name, "Coherence preview");
    assert.equal(run.states[0]!.status, "in_progress", "shown as being scored first");
    assert.match(run.states[0]!.summary!, /Scoring `/);
    const { summary, title, conclusion } = last(run);
    assert.equal(conclusion, "neutral", "information, never a gate");
    assert.ok(
      summary!.includes(`- @ada: would be attested $80.00 (labour $80.00`) &&
        summary!.includes(accountOf("ada").address),
      summary!,
    );
    const cli = await ccnScore(`${pull.base}..${pull.head}`);
    assert.equal(title, `Coherence ${cli.coherenceBps.toLocaleString("en-US")} bps; 1 of 1 would be attested`);
    assert.ok(summary!.includes(`\`${pull.base}..${pull.head}\``), "the range measured");
    for (const [name, metric] of Object.entries(cli.metrics))
      assert.ok(summary!.includes(`| ${name} |`) && summary!.includes(metric.reason.replace(/\|/g, "\\|")), name);
  });

  test("a push gets a run of its own on the new head; the old head's run stays as it was", async () => {
    const before = runsOn(pull.head)[0]!.states.length;
    pull = await w.pushToPullRequest(lib, replay, pull, 6);
    await w.deliver("pull_request", w.updated(pull, "ada", repository, "synchronize"));
    const run = await completedRun(pull.head);
    assert.equal(replay.checkRunLog!.runs.length, 2);
    assert.equal(runsOn(pull.base).length, 0);
    assert.ok(last(run).summary!.includes(`..${pull.head}\``));
    assert.equal(replay.checkRunLog!.runs[0]!.states.length, before);
  });

  test("/ccn preview runs it again: the same run on the head, updated", async () => {
    const [run] = runsOn(pull.head);
    const states = run!.states.length;
    await w.deliver(
      "issue_comment",
      createdComment({ repository, number: 2, author: forgeAccount("grace"), body: "Looks good.\n/ccn preview" }),
    );
    const again = await completedRun(pull.head, states + 2);
    assert.equal(again.id, run!.id, "updated, not a second run");
    assert.deepEqual(
      again.states.slice(states).map((s) => s.status),
      ["in_progress", "completed"],
    );
    assert.equal(runsOn(pull.head).length, 1);
  });

  test("merged, the work is attested as before, its transaction in the feedback comment", async () => {
    const merged = await w.mergePullRequest(lib, replay, pull);
    const id = await w.deliver("pull_request", w.closed(merged, "ada", repository));
    const [mine] = (await w.contributions()).filter((c) => c.deliveryId === id);
    assert.ok(mine, "a contribution");
    await w.waitAttested([mine.id]);
    const event = (await w.attestedOnChain()).find((e) => e.args.id === mine.id);
    await waitFor("the feedback comment", async () => (replay.commentLog!.comments.get(2)?.length ? true : undefined), {
      timeoutMs: 60_000,
      process: w.intake,
    });
    assert.ok(replay.commentLog!.comments.get(2)![0]!.body.includes(`in transaction \`${event!.transactionHash}\``));
  });

  test("a preview of merged work, of an issue or of a repository that did not opt in is refused with its reason", async () => {
    const merged = await w.deliver(
      "issue_comment",
      createdComment({ repository, number: 2, author: forgeAccount("ada"), body: "/ccn preview" }),
    );
    assert.deepEqual(
      (await w.refusalsOf(merged)).map((r) => [r.stage, r.code]),
      [["preview", "preview-not-open"]],
    );

    const onIssue = createdComment({ repository, number: 40, author: forgeAccount("ada"), body: "/ccn preview" });
    delete (onIssue.issue as Record<string, unknown>).pull_request;
    const issue = await w.deliver("issue_comment", onIssue);
    const [refusal] = await w.refusalsOf(issue);
    assert.equal(refusal?.code, "preview-not-change-request");
    assert.match(refusal!.reason, /github\.com\/octo-org\/lib#40 is an issue/);

    const [plain, plainReplay] = await w.optedInRepository("plain", undefined);
    const other = await w.pullRequest(plain, plainReplay, 3, { author: "ada", lines: 5, reviews: [], merge: false });
    const opened = await w.deliver("pull_request", w.updated(other, "ada", w.repositoryPayload("plain")));
    assert.deepEqual(
      (await w.refusalsOf(opened)).map((r) => [r.stage, r.code]),
      [["opt-in", "not-opted-in"]],
    );
    assert.equal(plainReplay.checkRunLog, undefined, "no check run on a repository that did not opt in");
  });

  test("a range the intake cannot fetch is told on the run, and recorded; nothing else stops", async () => {
    const open = await w.pullRequest(lib, replay, 5, { author: "ada", lines: 5, reviews: approved, merge: false });
    const elsewhere = { ...repository, cloneUrl: "file:///nonexistent/octo-org/lib.git" };
    const id = await w.deliver("pull_request", w.updated(open, "ada", elsewhere, "opened"));
    const run = await completedRun(open.head);
    assert.equal(last(run).title, "Not scored");
    assert.match(last(run).summary!, /Not scored: fetching .* from file:\/\/\/nonexistent\/octo-org\/lib\.git: /);
    const refusals = await waitFor(
      "the preview's refusal",
      async () => {
        const found = (await w.refusalsOf(id)).filter((r) => r.code === "preview-not-scored");
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, process: w.intake },
    );
    assert.equal(refusals[0]!.stage, "preview");
  });
});
