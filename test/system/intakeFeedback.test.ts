/**
 * What the contributor sees on the forge, end to end: the intake as its own process on a Hardhat node, GitHub's
 * API replayed (its comment endpoints keep what was posted), signed deliveries over HTTP. A merged pull request
 * gets exactly one comment naming the transaction that attested it on-chain, a refused one gets the reason, held
 * work is told it waits for `/ccn approve` and, once approved, its transaction; a `kill -9` between the decision
 * and the comment, or after a post whose answer was lost, still leaves exactly one comment after a restart.
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
  type ReplayRepository,
  startLinkedIntakeWorld,
} from "@coherence/intake/testing";

describe("feedback on the pull request", { timeout: 600_000 }, () => {
  let w: IntakeWorld;
  let lib: GitRepository;
  let replay: ReplayRepository;
  let repository: PayloadRepository;
  const approved = [{ by: "linus" as const, state: "APPROVED" as const }];

  before(async () => {
    ({ world: w, repository, repo: lib, replay } = await startLinkedIntakeWorld("lib", "ada"));
  });
  after(() => w?.stop());

  const commentsOn = (number: number) => replay.commentLog!.comments.get(number) ?? [];
  const waitComment = (number: number) =>
    waitFor(`a comment on #${number}`, async () => (commentsOn(number).length > 0 ? true : undefined), {
      timeoutMs: 60_000,
      process: w.intake,
    });
  /** The transaction that attested ada's contribution of delivery `id`, as the chain's event has it. */
  const attestingTransaction = async (id: string) => {
    const [mine] = (await w.contributions()).filter((c) => c.deliveryId === id);
    assert.ok(mine, `delivery ${id} made a contribution`);
    await w.waitAttested([mine.id]);
    const event = (await w.attestedOnChain()).find((e) => e.args.id === mine.id);
    assert.ok(event, "attested on-chain");
    return event.transactionHash;
  };
  /** Lets the intake's worker run a few passes: a second comment would have been posted by then. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

  test("a merged pull request gets one comment naming the transaction on-chain, its cost and range; delivered again, still one", async () => {
    const pull = await w.pullRequest(lib, replay, 2, { author: "ada", lines: 20, reviews: approved });
    const id = await w.deliver("pull_request", w.closed(pull, "ada", repository));
    const transaction = await attestingTransaction(id);
    await waitComment(2);
    const [comment, ...more] = commentsOn(2);
    assert.deepEqual(more, []);
    assert.ok(comment!.body.startsWith(`<!-- coherence-intake:${id} -->`), comment!.body);
    assert.ok(comment!.body.includes(`in transaction \`${transaction}\``), comment!.body);
    assert.ok(comment!.body.includes(`\`${pull.base}..${pull.merge}\``), "the evidence range");
    assert.match(comment!.body, /- @ada: attested \$80\.00 \(labour \$80\.00/, "an hour at $80 from her report");
    assert.ok(comment!.body.includes(accountOf("ada").address));

    await w.deliver("pull_request", w.closed(pull, "ada", repository));
    await settle();
    assert.equal(commentsOn(2).length, 1, "a later delivery of the same pull request comments no more");
  });

  test("a refused pull request gets the reason; a closed, unmerged one of the same repository gets nothing", async () => {
    const self = await w.pullRequest(lib, replay, 3, {
      author: "ada",
      lines: 5,
      reviews: [{ by: "ada", state: "APPROVED" }],
    });
    await w.deliver("pull_request", w.closed(self, "ada", repository));
    await waitComment(3);
    assert.equal(commentsOn(3).length, 1);
    assert.match(
      commentsOn(3)[0]!.body,
      /- the pull request: not attested: approved only by its own author or co-authors \(`self-approved`\)/,
    );

    const unmerged = await w.pullRequest(lib, replay, 4, { author: "ada", lines: 5, reviews: approved, merge: false });
    await w.deliver("pull_request", w.closed(unmerged, "ada", repository, false));
    await settle();
    assert.deepEqual(commentsOn(4), [], "closing without merging decides nothing worth a comment");
  });

  test("held work is told it waits for /ccn approve; once a maintainer approves, a second comment names its transaction", async () => {
    // Two changed lines for an hour at $80: above the $10 a line the repository allows without a maintainer.
    const pull = await w.pullRequest(lib, replay, 7, { author: "ada", lines: 2, reviews: approved });
    const id = await w.deliver("pull_request", w.closed(pull, "ada", repository));
    await waitComment(7);
    const [held] = commentsOn(7);
    assert.match(
      held!.body,
      /- @ada: held \$80\.00 .* until a maintainer comments `\/ccn approve`: claims 80000000 micro-USD/,
    );
    assert.doesNotMatch(held!.body, /transaction/);
    const approval = await w.deliver(
      "issue_comment",
      createdComment({ repository, number: 7, author: forgeAccount("linus"), body: "/ccn approve" }),
    );
    const transaction = await attestingTransaction(id);
    await waitFor("the approved work's comment", async () => (commentsOn(7).length === 2 ? true : undefined), {
      timeoutMs: 60_000,
      process: w.intake,
    });
    const [, attested] = commentsOn(7);
    assert.ok(attested!.body.startsWith(`<!-- coherence-intake:${approval} -->`));
    assert.ok(attested!.body.includes(`- @ada: attested $80.00`) && attested!.body.includes(transaction));
    await settle();
    assert.equal(commentsOn(7).length, 2);
  });

  test("kill -9 between the decision and the comment: after a restart, exactly one comment", async () => {
    replay.commentLog!.fault = "unavailable";
    const pull = await w.pullRequest(lib, replay, 5, { author: "ada", lines: 20, reviews: approved });
    const id = await w.deliver("pull_request", w.closed(pull, "ada", repository));
    const transaction = await attestingTransaction(id);
    // The comment is due now; the forge refuses its post, and the worker backs off until the process dies.
    await waitFor(
      "a refused comment retried",
      async () => (w.intake.output().includes('"comment-retrying"') ? true : undefined),
      {
        timeoutMs: 60_000,
        process: w.intake,
      },
    );
    await w.intake.kill();
    assert.deepEqual(commentsOn(5), []);
    replay.commentLog!.fault = undefined;
    await w.startIntake();
    await waitComment(5);
    await settle();
    assert.equal(commentsOn(5).length, 1);
    assert.ok(commentsOn(5)[0]!.body.includes(transaction));
  });

  test("kill -9 after a post whose answer was lost: the restarted intake finds it by its marker and posts none", async () => {
    replay.commentLog!.fault = "answer-lost";
    const pull = await w.pullRequest(lib, replay, 6, { author: "ada", lines: 20, reviews: approved });
    const id = await w.deliver("pull_request", w.closed(pull, "ada", repository));
    await attestingTransaction(id);
    // The forge kept the comment and stays down (the replay's fault): the intake never heard it was posted, and
    // would post it again unless it looks first.
    await waitComment(6);
    await w.intake.kill();
    replay.commentLog!.fault = undefined;
    const intake = await w.startIntake();
    await waitFor("the lost post found", async () => (intake.output().includes('"found":1') ? true : undefined), {
      timeoutMs: 60_000,
      process: intake,
    });
    await settle();
    assert.equal(commentsOn(6).length, 1);
    assert.ok(commentsOn(6)[0]!.body.startsWith(`<!-- coherence-intake:${id} -->`));
  });
});
