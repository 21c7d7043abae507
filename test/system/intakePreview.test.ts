/**
 * The preview where the contributor is, end to end: the intake as its own process on a Hardhat node, GitHub's API
 * replayed (its Checks API keeps every run and each state it was given), real git repositories the intake fetches
 * into its own mirrors, signed `pull_request` and `issue_comment` deliveries over HTTP. An opened pull request gets
 * a "Coherence preview" check run, in progress and then completed with who would be attested and the score `ccn
 * score` gives its range, each metric's reason; a push gets a run on the new head; `/ccn preview` runs it again on
 * the same run; merged, the work is still attested with its transaction in the feedback comment. Previews of an
 * issue, of a repository that did not opt in and of merged work are refused with their reason, and a range that
 * cannot be fetched says so on the run. A private repository is fetched with the App's installation token, which
 * no command line or mirror file holds; a dependency bump is held for review, not scored; a `kill -9` while
 * scoring and between creating the run and updating it still ends with one completed run and nothing attested.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { waitFor } from "@coherence/devnet";
import {
  accountOf,
  basicAuthorization,
  commandLinesHolding,
  createdComment,
  filesHolding,
  forgeAccount,
  type GitRepository,
  type IntakeWorld,
  type PayloadRepository,
  type Pull,
  REPLAY_INSTALLATION_TOKEN,
  type ReplayCheckRun,
  type ReplayRepository,
  startGitHttpServer,
  startLinkedIntakeWorld,
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
    ({ world: w, repository, repo: lib, replay } = await startLinkedIntakeWorld("lib", "ada"));
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

  test("a private repository is fetched with the App's installation token, which no command line or mirror file holds", async () => {
    const authorization = basicAuthorization("x-access-token", REPLAY_INSTALLATION_TOKEN);
    const secrets = [REPLAY_INSTALLATION_TOKEN, authorization];
    const leaked: string[] = [];
    // The world's repositories, served as a private forge does: nothing without the installation's credentials.
    const forge = await startGitHttpServer({
      root: path.join(w.work, "forge"),
      authorization,
      // Read while the intake's git waits for the answer: its processes are alive, with their command lines.
      onRequest: async () => {
        leaked.push(...(await commandLinesHolding(secrets)));
      },
    });
    try {
      const [secret, secretReplay] = await w.optedInRepository("secret", "ada");
      const open = await w.pullRequest(secret, secretReplay, 3, {
        author: "ada",
        lines: 8,
        reviews: approved,
        merge: false,
      });
      const privately = { ...w.repositoryPayload("secret"), cloneUrl: `${forge.url}/secret.git` };
      await w.deliver("pull_request", w.updated(open, "ada", privately, "opened"));
      const [run] = await waitFor(
        "the private repository's completed preview",
        async () => {
          const runs = runsOn(open.head, secretReplay);
          return runs[0]?.states.at(-1)?.status === "completed" ? runs : undefined;
        },
        { timeoutMs: 120_000, process: w.intake },
      );
      assert.match(last(run!).title!, /^Coherence [\d,]+ bps; 1 of 1 would be attested$/, last(run!).summary!);
      assert.ok(forge.requests.length > 0 && forge.requests.every((r) => r.authorized), "each fetch carried it");
      assert.deepEqual(leaked, [], "no process had the token on its command line");
      const mirror = path.join(w.work, "mirrors", "github", "octo-org", "secret.git");
      assert.deepEqual(await filesHolding(mirror, secrets), [], "nor does any file of the mirror, its config included");
    } finally {
      await forge.stop();
    }
  });

  test("a dependency bump is held for review, not scored: the run says so and why, recorded as such", async () => {
    const files = { "package.json": `${JSON.stringify({ name: "lib", dependencies: { "left-pad": "1.3.0" } })}\n` };
    const bump = await w.pullRequest(lib, replay, 8, {
      author: "ada",
      lines: 0,
      files,
      reviews: approved,
      merge: false,
    });
    const id = await w.deliver("pull_request", w.updated(bump, "ada", repository, "opened"));
    const run = await completedRun(bump.head);
    assert.equal(last(run).title, "Held for review (a dependency bump); 0 of 1 would be attested");
    assert.match(
      last(run).summary!,
      /Held for review: `[0-9a-f]{40}\.\.[0-9a-f]{40}` is a dependency bump, a kind of change the scoring config \(`reviewKinds`\) sends to a reviewer/,
    );
    assert.ok(!last(run).summary!.includes("Not scored"));
    const recorded = await waitFor(
      "the preview's record",
      async () => {
        const found = (await w.refusalsOf(id)).filter((r) => r.stage === "preview");
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, process: w.intake },
    );
    assert.deepEqual(
      recorded.map((r) => r.code),
      ["preview-held-for-review"],
    );
    assert.match(recorded[0]!.reason, /is a change of dependencies, which the scoring config's reviewKinds hold/);
  });

  test("killed with SIGKILL while scoring, then between creating the run and updating it: one run, completed, nothing attested", async () => {
    const open = await w.pullRequest(lib, replay, 9, { author: "ada", lines: 12, reviews: approved, merge: false });
    const log = replay.checkRunLog!;
    // No run can be created yet: the first kill finds the preview decided, being scored, and published nowhere.
    log.fault = "unavailable";
    await w.deliver("pull_request", w.updated(open, "ada", repository, "opened"));
    await waitFor(
      "ccn score of the pull request's range running",
      async () => ((await commandLinesHolding([`..${open.head}`])).length > 0 ? true : undefined),
      { timeoutMs: 60_000, process: w.intake },
    );
    await w.intake.kill();

    // The run is created, but GitHub's answer is lost and nothing more is taken: the second kill is between the
    // run's creation and its update, whichever the restarted intake had got to.
    log.fault = "answer-lost";
    await w.startIntake();
    await waitFor("the run created", async () => (runsOn(open.head).length > 0 ? true : undefined), {
      timeoutMs: 60_000,
      process: w.intake,
    });
    assert.equal(runsOn(open.head)[0]!.states.length, 1, "created, never updated");
    await w.intake.kill();

    log.fault = undefined;
    await w.startIntake();
    const run = await completedRun(open.head);
    assert.equal(runsOn(open.head).length, 1, "found again by its name and updated, not made twice");
    assert.match(last(run).title!, /^Coherence [\d,]+ bps; 1 of 1 would be attested$/);
    assert.ok(last(run).summary!.includes("- @ada: would be attested $80.00"), last(run).summary!);
    assert.deepEqual(
      (await w.contributions()).filter((c) => c.pullRequest === open.number),
      [],
      "a preview attests nothing",
    );
  });
});
