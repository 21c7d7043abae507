/**
 * The forge intake end to end: the service as its own process (`intake/src/cli/intake.ts`) on a Hardhat node with
 * the protocol deployed, GitHub's REST API replayed from recorded shapes over real git repositories, and
 * deliveries of the published webhook shapes, HMAC-signed and posted over HTTP (`@coherence/intake/testing`'s
 * world). A merged, reviewed pull request of an owner-signed repository by linked contributors lands on the
 * ledger once per contributor; every bad input is refused with its reason and attests nothing; a `kill -9`
 * mid-batch and a restart attest each contribution exactly once.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPOSITORY_ROOT, rpc, startProcess, waitFor } from "@coherence/devnet";
import { type Link, parseCoherenceFile, verifyOptIn } from "@coherence/intake";
import {
  ACCOUNTS,
  accountOf,
  closedPullRequest,
  createdComment,
  forgeAccount,
  type GitRepository,
  type IntakeWorld,
  keyOf,
  type Name,
  type PayloadRepository,
  type Pull,
  type PullRequestOptions,
  postDelivery,
  type ReplayRepository,
  startIntakeWorld,
} from "@coherence/intake/testing";
import {
  CONTRIBUTION_STATUSES,
  contributionLedgerAbi,
  costReportHash,
  costReportSchema,
  parse,
} from "@coherence/protocol";
import { Webhooks } from "@octokit/webhooks";
import { decodeFunctionData, keccak256, stringToBytes, zeroAddress } from "viem";

describe("the forge intake, from signed webhook to the ledger", { timeout: 600_000 }, () => {
  let w: IntakeWorld;
  let lib: GitRepository;
  let libRepository: PayloadRepository;
  /** Grace's first `/ccn link` comment, which she must not be able to reuse after unlinking. */
  let graceFirstLink: string;

  const deliver = (event: string, payload: Record<string, unknown>) => w.deliver(event, payload);
  const refusals = () => w.refusals();
  const refusalsOf = (id: string) => w.refusalsOf(id);
  const contributions = () => w.contributions();
  const attestedOnChain = () => w.attestedOnChain();
  const waitAttested = (ids: readonly string[]) => w.waitAttested(ids);
  const get = <T>(what: string) => w.get<T>(what);
  const optedInRepository = (...args: Parameters<IntakeWorld["optedInRepository"]>) => w.optedInRepository(...args);
  const pullRequest = (repo: GitRepository, replay: ReplayRepository, number: number, options: PullRequestOptions) =>
    w.pullRequest(repo, replay, number, options);
  const closed = (pull: Pull, author: Name, repository = libRepository, merged = true) =>
    w.closed(pull, author, repository, merged);

  before(async () => {
    w = await startIntakeWorld();
    libRepository = w.repositoryPayload("lib");
    [lib] = await w.optedInRepository("lib", "ada");
    await w.startIntake();
  });

  after(() => w?.stop());

  test("/ccn link comments link forge accounts to the addresses that signed them, on-chain, publicly and verifiably", async () => {
    graceFirstLink = await w.linkComment("grace");
    for (const [name, body] of [
      ["ada", await w.linkComment("ada")],
      ["grace", graceFirstLink],
    ] as const)
      await deliver(
        "issue_comment",
        createdComment({ repository: libRepository, number: 1, author: forgeAccount(name), body }),
      );
    // Mallory posts ada's statement: it names ada's login, so it links nobody to mallory's account.
    const stolen = await deliver(
      "issue_comment",
      createdComment({
        repository: libRepository,
        number: 1,
        author: forgeAccount("mallory"),
        body: await w.linkComment("ada"),
      }),
    );
    assert.deepEqual(
      (await refusalsOf(stolen)).map((r) => r.code),
      ["link-bad-signature"],
    );
    const { links } = await get<{ links: Link[] }>("links");
    assert.deepEqual(
      links.map((l) => [l.login, l.accountId, l.address, l.revokedAt]),
      [
        ["ada", "1010", accountOf("ada").address, undefined],
        ["grace", "1011", accountOf("grace").address, undefined],
      ],
    );
    for (const l of links)
      assert.equal(await w.verifyServedLink(l), true, "anyone can check a served link against its signature");
    // The intake records each in the ForgeLinkRegistry, whose active link is the very statement it served.
    assert.deepEqual(
      (await w.waitLinksSettled()).map((l) => [l.login, l.onChain]),
      [
        ["ada", "linked"],
        ["grace", "linked"],
      ],
    );
    for (const name of ["ada", "grace"] as const)
      assert.deepEqual(await w.linkOnChain(name), { account: accountOf(name).address, nonce: 0n }, `${name} on-chain`);
  });

  let first: Pull;
  let firstDelivery: string;

  test("a merged, approved pull request by a linked author and co-author is attested once for each, bound to its range and report", async () => {
    const [, replay] = [lib, w.repositories.get("octo-org/lib")!];
    first = await pullRequest(lib, replay, 2, {
      author: "ada",
      coAuthor: "grace",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const id = await deliver("pull_request", closed(first, "ada"));
    firstDelivery = id;
    assert.deepEqual(await refusalsOf(id), []);
    const mine = (await contributions()).filter((c) => c.deliveryId === id);
    assert.equal(mine.length, 2);
    await waitAttested(mine.map((c) => c.id));
    const events = await attestedOnChain();
    for (const [name, r] of first.reports) {
      const range = `${first.base}..${first.merge}`;
      const bound = `${range};cost=${costReportHash(r)}`;
      const event = events.find((e) => e.args.contributor === accountOf(name).address);
      assert.ok(event, `${name}'s contribution is on the ledger`);
      // The URI names the range; its hash commits to the range bound to the report, published beside the reports.
      assert.equal(event.args.evidenceUri, `${libRepository.cloneUrl}#${range}`);
      assert.equal(event.args.evidenceHash, keccak256(stringToBytes(bound)));
      const binding = path.join(w.work, "manifests", "costs", "bindings", `${event.args.evidenceHash}.txt`);
      assert.equal(await readFile(binding, "utf8"), bound, "the binding published for the oracle");
      assert.equal(event.args.laborMicroUsd, r.totals.laborMicroUsd);
      assert.equal(event.args.attester, accountOf("attester").address, "the attester's signature, sent by the relayer");
      const published = await readFile(path.join(w.work, "manifests", "costs", `${costReportHash(r)}.json`), "utf8");
      assert.equal(
        costReportHash(parse(costReportSchema, JSON.parse(published))),
        costReportHash(r),
        "published for the oracle",
      );
    }
    const receipt = await w.client.getTransactionReceipt({ hash: events[0]!.transactionHash });
    assert.equal(receipt.from.toLowerCase(), accountOf("relayer").address.toLowerCase());
    assert.equal(events.length, 2, "both in one batch, nothing else");
  });

  test("bad input is refused with its reason, and nothing is attested", async () => {
    const replay = w.repositories.get("octo-org/lib")!;
    const before = (await attestedOnChain()).length;
    const body = JSON.stringify(closed(first, "ada"));
    const post = (id: string, text: string, signature: Webhooks | string | undefined) =>
      postDelivery({ url: w.url, event: "pull_request", id, body: text, signature });

    assert.equal((await post("bad-signature", body, new Webhooks({ secret: "wrong" }))).body.outcome, "bad-signature");
    assert.equal((await post("no-signature", body, undefined)).body.outcome, "missing-signature");
    assert.equal((await post("malformed", '{"action":', w.webhooks)).body.outcome, "malformed-json");
    const huge = JSON.stringify({ action: "closed", padding: "x".repeat(1_100_000) });
    assert.equal((await post("oversized", huge, w.webhooks)).body.outcome, "oversized-payload");
    assert.equal((await post(firstDelivery, body, w.webhooks)).body.outcome, "replayed-delivery");

    const unmerged = await pullRequest(lib, replay, 3, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
      merge: false,
    });
    const selfApproved = await pullRequest(lib, replay, 4, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "ada", state: "APPROVED" }],
    });
    const unlinked = await pullRequest(lib, replay, 5, {
      author: "mallory",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const bot = await pullRequest(lib, replay, 6, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const botPayload = closedPullRequest({
      repository: libRepository,
      number: 6,
      author: { login: "dependabot[bot]", id: 49699333, type: "Bot" },
      merge: bot.merge,
      head: bot.head,
      base: bot.base,
    });
    const [unsignedRepo, unsignedReplay] = await optedInRepository("unsigned", undefined);
    const unsigned = await pullRequest(unsignedRepo, unsignedReplay, 1, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const [forgedRepo, forgedReplay] = await optedInRepository("forged", "mallory");
    const forged = await pullRequest(forgedRepo, forgedReplay, 1, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const elsewhere = (name: string): PayloadRepository => ({
      ...libRepository,
      name,
      cloneUrl: `https://github.com/octo-org/${name}.git`,
    });

    const cases: [string, Record<string, unknown>, string][] = [
      ["unmerged", closed(unmerged, "ada", libRepository, false), "not-merged"],
      ["self-approved", closed(selfApproved, "ada"), "self-approved"],
      ["unlinked author", closed(unlinked, "mallory"), "unlinked"],
      ["bot", botPayload, "bot"],
      ["unsigned repository", closed(unsigned, "ada", elsewhere("unsigned")), "not-opted-in"],
      [
        "opt-in signed by another than the owner",
        closed(forged, "ada", elsewhere("forged")),
        "opt-in-not-signed-by-owner",
      ],
    ];
    for (const [what, payload, code] of cases) {
      const id = await deliver("pull_request", payload);
      const found = await refusalsOf(id);
      assert.deepEqual(
        found.map((r) => r.code),
        [code],
        `${what}: ${JSON.stringify(found)}`,
      );
      assert.ok(found[0]!.reason.length > 10, `${what} says why`);
      assert.deepEqual(
        (await contributions()).filter((c) => c.deliveryId === id),
        [],
        `${what}: nothing to attest`,
      );
    }
    // A refusal of the whole pull request is its author's to see, under their login, and stays one refusal of it.
    const selfRefused = (await refusals()).find((r) => r.code === "self-approved");
    assert.deepEqual(selfRefused?.logins, ["ada"], "attributed to its author");
    const byCode = async (code: string) => (await refusals()).find((r) => r.code === code);
    assert.deepEqual((await byCode("opt-in-not-signed-by-owner"))?.logins, ["ada"], "a failed opt-in is shown to her");
    assert.equal((await byCode("not-opted-in"))?.logins, undefined, "a repository that never opted in is nobody's");
    const adas = await get<{ refusals: { seq: number }[] }>("refusals?login=ada");
    assert.ok(
      adas.refusals.some((r) => r.seq === selfRefused!.seq),
      "GET /refusals?login=ada serves it",
    );
    const recorded = new Map((await refusals()).map((r) => [r.deliveryId, r.code]));
    for (const id of ["bad-signature", "no-signature", "malformed", "oversized"])
      assert.ok(recorded.has(id), `${id} is recorded`);
    assert.equal((await attestedOnChain()).length, before, "the ledger is as it was");
  });

  test("a repository's own gates: its excluded labels, and at most so many contributions per contributor a day", async () => {
    const [repo, replay] = await optedInRepository("limited", "ada", {
      excludedLabels: ["chore"],
      rateLimit: { count: 1, windowSeconds: 86_400 },
    });
    const limited: PayloadRepository = {
      ...libRepository,
      name: "limited",
      cloneUrl: "https://github.com/octo-org/limited.git",
    };
    const approved = [{ by: "linus" as const, state: "APPROVED" as const }];
    const [chore, one, two] = [
      await pullRequest(repo, replay, 1, { author: "ada", lines: 20, reviews: approved }),
      await pullRequest(repo, replay, 2, { author: "ada", lines: 20, reviews: approved }),
      await pullRequest(repo, replay, 3, { author: "ada", lines: 20, reviews: approved }),
    ];
    const payload = (pull: Pull, mergedAt: string, labels: string[] = []) =>
      closedPullRequest({
        repository: limited,
        number: pull.number,
        author: forgeAccount("ada"),
        merge: pull.merge,
        head: pull.head,
        base: pull.base,
        labels,
        mergedAt,
      });
    const skipped = await deliver("pull_request", payload(chore, "2026-11-03T08:00:00Z", ["chore"]));
    assert.deepEqual(
      (await refusalsOf(skipped)).map((r) => r.code),
      ["excluded-label"],
    );
    const accepted = await deliver("pull_request", payload(one, "2026-11-03T09:00:00Z"));
    assert.deepEqual(await refusalsOf(accepted), []);
    const served = await get<{ repositories: { repository: string; gates?: Record<string, unknown> }[] }>(
      "repositories",
    );
    assert.deepEqual(
      served.repositories.find((r) => r.repository === "github.com/octo-org/limited")?.gates,
      {
        requireApproval: true,
        excludedLabels: ["chore"],
        skipBots: true,
        rateLimit: { count: 1, windowSeconds: 86_400 },
        maxMicroUsdPerChangedLine: "10000000",
      },
      "GET /repositories serves the gates its owner signed, each defaulted where the file is silent",
    );
    const limitedId = await deliver("pull_request", payload(two, "2026-11-03T10:00:00Z"));
    const [refusal] = await refusalsOf(limitedId);
    assert.equal(refusal?.code, "rate-limited");
    assert.match(refusal!.reason, /ada already has 1 contributions merged in the last 86400 s \(at most 1\)/);
    const [attested] = (await contributions()).filter((c) => c.deliveryId === accepted);
    await waitAttested([attested!.id]);
  });

  test("a claim above the cost per changed line is held until a maintainer approves it with /ccn approve", async () => {
    const replay = w.repositories.get("octo-org/lib")!;
    const before = (await attestedOnChain()).length;
    const pull = await pullRequest(lib, replay, 9, {
      author: "ada",
      lines: 2,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const id = await deliver("pull_request", closed(pull, "ada"));
    const [held] = await refusalsOf(id);
    assert.equal(held?.code, "held-for-approval");
    assert.match(held!.reason, /claims 80000000 micro-USD for 2 changed lines, above 10000000 a line/);
    const [contribution] = (await contributions()).filter((c) => c.deliveryId === id);
    assert.equal(contribution?.state, "held");
    const comment = (author: Name) =>
      createdComment({
        repository: libRepository,
        number: 9,
        author: forgeAccount(author),
        body: "Checked.\n/ccn approve",
      });
    const refused = await deliver("issue_comment", comment("mallory"));
    assert.deepEqual(
      (await refusalsOf(refused)).map((r) => r.code),
      ["approve-without-write-access"],
    );
    assert.equal((await attestedOnChain()).length, before, "held: nothing attested");
    await deliver("issue_comment", comment("linus"));
    await waitAttested([contribution!.id]);
    assert.equal((await attestedOnChain()).length, before + 1);
  });

  test("/ccn unlink revokes a link: the account's next work is refused as unlinked until it links again", async () => {
    const replay = w.repositories.get("octo-org/lib")!;
    await deliver(
      "issue_comment",
      createdComment({ repository: libRepository, number: 1, author: forgeAccount("grace"), body: "/ccn unlink" }),
    );
    const { links } = await get<{ links: Link[] }>("links");
    assert.ok(
      links.find((l) => l.login === "grace")?.revokedAt !== undefined,
      "the revoked link stays public, revoked",
    );
    assert.equal((await w.waitLinksSettled()).find((l) => l.login === "grace")?.onChain, "unlinked");
    assert.equal((await w.linkOnChain("grace")).account, zeroAddress, "the registry no longer links grace");
    // Her first statement is public in the forge's comments: posted again, it links nothing (its nonce is spent).
    const replayed = await deliver(
      "issue_comment",
      createdComment({ repository: libRepository, number: 1, author: forgeAccount("grace"), body: graceFirstLink }),
    );
    assert.deepEqual(
      (await refusalsOf(replayed)).map((r) => r.code),
      ["link-bad-signature"],
    );
    const pull = await pullRequest(lib, replay, 10, {
      author: "grace",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const id = await deliver("pull_request", closed(pull, "grace"));
    assert.deepEqual(
      (await refusalsOf(id)).map((r) => r.code),
      ["unlinked"],
    );
    await deliver(
      "issue_comment",
      createdComment({
        repository: libRepository,
        number: 1,
        author: forgeAccount("grace"),
        body: await w.linkComment("grace"),
      }),
    );
    assert.equal(
      (await get<{ links: Link[] }>("links")).links.filter((l) => l.login === "grace" && l.revokedAt === undefined)
        .length,
      1,
    );
    await w.waitLinksSettled();
    assert.deepEqual(
      await w.linkOnChain("grace"),
      { account: accountOf("grace").address, nonce: 1n },
      "linked again on-chain, by her new statement",
    );
  });

  test("an address that ends its link on-chain itself is paid no more, until it links again", async () => {
    const replay = w.repositories.get("octo-org/lib")!;
    await w.unlinkOnChain("grace");
    const pull = await pullRequest(lib, replay, 40, {
      author: "grace",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const id = await deliver("pull_request", closed(pull, "grace"));
    const [refusal] = await refusalsOf(id);
    assert.equal(refusal?.code, "unlinked");
    assert.match(refusal?.reason ?? "", /ended on-chain/);
    await deliver(
      "issue_comment",
      createdComment({
        repository: libRepository,
        number: 1,
        author: forgeAccount("grace"),
        body: await w.linkComment("grace"),
      }),
    );
    await w.waitLinksSettled();
    assert.deepEqual(await w.linkOnChain("grace"), { account: accountOf("grace").address, nonce: 2n });
  });

  test("kill -9 mid-batch, then a restart: the chain holds each contribution exactly once", async () => {
    const replay = w.repositories.get("octo-org/lib")!;
    const before = (await attestedOnChain()).length;
    const pulls = [
      await pullRequest(lib, replay, 7, { author: "ada", lines: 20, reviews: [{ by: "linus", state: "APPROVED" }] }),
      await pullRequest(lib, replay, 8, { author: "grace", lines: 20, reviews: [{ by: "linus", state: "APPROVED" }] }),
    ];
    // Blocks are mined only when the test says: the batch's transaction is sent and waits in the mempool.
    await rpc(w.rpcUrl, "evm_setAutomine", [false]);
    try {
      const ids: string[] = [];
      for (const [i, pull] of pulls.entries())
        ids.push(await deliver("pull_request", closed(pull, i === 0 ? "ada" : "grace")));
      const mine = async () => (await contributions()).filter((c) => ids.includes(c.deliveryId));
      // The relayer batches what is pending when its window closes: one or both, sent and waiting to be mined.
      await waitFor("a batch sent", async () => ((await mine()).some((c) => c.state === "sent") ? true : undefined), {
        timeoutMs: 60_000,
        process: w.intake,
      });
      await w.intake.kill();
      await w.startIntake();
      // The restarted relayer finds the sent transaction in the mempool and waits for it rather than send it again.
      await rpc(w.rpcUrl, "evm_mine");
      await rpc(w.rpcUrl, "evm_setAutomine", [true]);
      const attested = await mine();
      assert.equal(attested.length, 2);
      await waitAttested(attested.map((c) => c.id));
      for (const [i, pull] of pulls.entries()) {
        const body = JSON.stringify(closed(pull, i === 0 ? "ada" : "grace"));
        const again = await postDelivery({
          url: w.url,
          event: "pull_request",
          id: ids[i]!,
          body,
          signature: w.webhooks,
        });
        assert.equal(again.body.outcome, "replayed-delivery", "delivered again after the restart: a replay");
      }
      const ledger = {
        address: w.deployment.contracts.ContributionLedger.address,
        abi: contributionLedgerAbi,
      } as const;
      const events = await attestedOnChain();
      for (const c of attested) {
        assert.equal(events.filter((e) => e.args.id === c.id).length, 1, `${c.id} attested once`);
        const status = await w.client.readContract({ ...ledger, functionName: "statusOf", args: [c.id] });
        assert.equal(CONTRIBUTION_STATUSES[status], "Attested");
      }
      assert.equal(new Set(events.map((e) => e.args.id)).size, events.length, "no contribution twice, ever");
      assert.equal(events.length, before + 2);
    } finally {
      await rpc(w.rpcUrl, "evm_setAutomine", [true]);
    }
  });

  test("kill -9 while deliveries are queued or in progress: after a restart each is processed and attested once", async () => {
    const replay = w.repositories.get("octo-org/lib")!;
    const approved = [{ by: "linus" as const, state: "APPROVED" as const }];
    const pulls = [
      await pullRequest(lib, replay, 13, { author: "ada", lines: 20, reviews: approved }),
      await pullRequest(lib, replay, 14, { author: "grace", lines: 20, reviews: approved }),
      await pullRequest(lib, replay, 15, { author: "ada", lines: 20, reviews: approved }),
    ];
    const ids: string[] = [];
    for (const [i, pull] of pulls.entries())
      ids.push(await w.post("pull_request", closed(pull, i === 1 ? "grace" : "ada")));
    // Wherever each delivery was (queued, being processed, its contribution pending or sent), the process dies.
    await w.intake.kill();
    await w.startIntake();
    for (const id of ids) await w.processed(id);
    const mine = (await contributions()).filter((c) => ids.includes(c.deliveryId));
    assert.equal(mine.length, 3);
    await waitAttested(mine.map((c) => c.id));
    const events = await attestedOnChain();
    for (const c of mine) assert.equal(events.filter((e) => e.args.id === c.id).length, 1, `${c.id} attested once`);
  });

  test("a dead GitHub API is waited out: the delivery stays queued, retried with back-off, then attested", async () => {
    const replay = w.repositories.get("octo-org/lib")!;
    const pull = await pullRequest(lib, replay, 16, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    await w.stopGitHub();
    const id = await w.post("pull_request", closed(pull, "ada"));
    await waitFor(
      "a retry",
      async () => (w.intake.output().includes(`"event":"retrying","delivery":"${id}"`) ? true : undefined),
      { timeoutMs: 60_000, process: w.intake },
    );
    assert.equal(
      (await get<{ state: string }>(`deliveries/${id}`)).state,
      "queued",
      "not refused: GitHub may come back",
    );
    await w.restartGitHub();
    await w.processed(id);
    assert.deepEqual(await refusalsOf(id), []);
    const [contribution] = (await contributions()).filter((c) => c.deliveryId === id);
    await waitAttested([contribution!.id]);
  });

  test("without a relayer key the attester sends its batches itself, with attestBatch", async () => {
    await w.intake.stop();
    await w.startIntake({ relayed: false });
    const replay = w.repositories.get("octo-org/lib")!;
    const pull = await pullRequest(lib, replay, 11, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const id = await deliver("pull_request", closed(pull, "ada"));
    const [contribution] = (await contributions()).filter((c) => c.deliveryId === id);
    await waitAttested([contribution!.id]);
    const attested = (await contributions()).find((c) => c.id === contribution!.id)!;
    const transaction = await w.client.getTransaction({ hash: attested.transactionHash! });
    assert.equal(transaction.from.toLowerCase(), accountOf("attester").address.toLowerCase());
    assert.equal(
      decodeFunctionData({ abi: contributionLedgerAbi, data: transaction.input }).functionName,
      "attestBatch",
    );
  });

  test("npm run intake -- opt-in and -- link sign what the service verifies", async () => {
    const cli = async (args: string[], key: Name) => {
      const run = startProcess({
        name: `intake ${args.join(" ")}`,
        command: process.execPath,
        args: [path.join(REPOSITORY_ROOT, "intake", "src", "cli", "intake.ts"), ...args],
        cwd: REPOSITORY_ROOT,
        env: {
          ...process.env,
          CCN_PRIVATE_KEY: keyOf(ACCOUNTS[key]),
          CCN_RPC_URL: w.rpcUrl,
          CCN_DEPLOYMENTS_DIR: path.join(w.work, "deployments"),
        },
      });
      const code = await run.exited;
      await run.stop();
      assert.equal(code, 0, run.output());
      return run.output();
    };
    const text = await cli(["opt-in", "--repository", "github.com/octo-org/lib", "--asset", String(w.assetId)], "ada");
    const optIn = await verifyOptIn({
      client: w.client,
      deployment: w.deployment,
      file: parseCoherenceFile(text),
      repository: "github.com/octo-org/lib",
    });
    assert.equal("owner" in optIn && optIn.owner, accountOf("ada").address);
    const comment = await cli(["link", "--login", "linus"], "linus");
    await deliver(
      "issue_comment",
      createdComment({ repository: libRepository, number: 1, author: forgeAccount("linus"), body: comment }),
    );
    const { links } = await get<{ links: Link[] }>("links");
    assert.equal(
      links.find((l) => l.login === "linus" && l.revokedAt === undefined)?.address,
      accountOf("linus").address,
    );
  });
});
