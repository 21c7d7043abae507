/**
 * The forge intake end to end: the service as its own process (`intake/src/cli/intake.ts`) on a Hardhat node with
 * the protocol deployed, GitHub's REST API replayed from recorded shapes over real git repositories, and
 * deliveries of the published webhook shapes, HMAC-signed and posted over HTTP. A merged, reviewed pull request
 * of an owner-signed repository by linked contributors lands on the ledger once per contributor; every bad input
 * is refused with its reason and attests nothing; a `kill -9` mid-batch and a restart attest each contribution
 * exactly once.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  deployLocal,
  freePort,
  type ManagedProcess,
  REPOSITORY_ROOT,
  rpc,
  startHardhatNode,
  startProcess,
  waitFor,
} from "@coherence/devnet";
import {
  COHERENCE_FILE,
  type Contribution,
  coherenceFileText,
  forgeLinkTypedData,
  type GatesInFile,
  GITHUB_FORGE,
  type Link,
  optInTypedData,
  parseCoherenceFile,
  type RecordedRefusal,
  verifyOptIn,
} from "@coherence/intake";
import {
  closedPullRequest,
  createdComment,
  type GitHubReplay,
  GitRepository,
  type PayloadAccount,
  type PayloadRepository,
  postDelivery,
  type ReplayRepository,
  startGitHubReplay,
} from "@coherence/intake/testing";
import { publicClientOf, walletClientOf } from "@coherence/oracle";
import {
  CONTRIBUTION_STATUSES,
  type CostReport,
  contributionLedgerAbi,
  costReportHash,
  costReportSchema,
  type Deployment,
  parse,
  priceCostReport,
  type RateCard,
} from "@coherence/protocol";
import { registerAsset } from "@coherence/protocol/actions";
import { publishedPriceTables } from "@coherence/protocol/node";
import { Webhooks } from "@octokit/webhooks";
import { decodeFunctionData, type Hex, keccak256, type PublicClient, stringToBytes } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { keyOf } from "./ccnBin.ts";

const SECRET = "intake-system-test-secret";
const APP_ID = "4242";
const INSTALLATION = 77;
const ACCOUNTS = { attester: 7, ada: 10, grace: 11, linus: 12, relayer: 15, mallory: 16 } as const;
type Name = keyof typeof ACCOUNTS;
const account = (name: Name) => privateKeyToAccount(keyOf(ACCOUNTS[name]) as Hex);
const forgeAccount = (name: Name): PayloadAccount => ({ login: name, id: 1000 + ACCOUNTS[name] });
const noreply = (name: Name) => `${1000 + ACCOUNTS[name]}+${name}@users.noreply.github.com`;
const CARD: RateCard = {
  asset: "lib",
  format: "coherence-rate-card-v1",
  roles: { engineer: { maxHourlyMicroUsd: 200_000_000n, minHourlyMicroUsd: 80_000_000n } },
};

describe("the forge intake, from signed webhook to the ledger", { timeout: 600_000 }, () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const appKey = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const webhooks = new Webhooks({ secret: SECRET });
  const repositories = new Map<string, ReplayRepository>();
  let work: string;
  let node: ManagedProcess | undefined;
  let rpcUrl: string;
  let client: PublicClient;
  let deployment: Deployment;
  let github: GitHubReplay | undefined;
  let intake: ManagedProcess | undefined;
  let intakeUrl: string;
  let intakePort: number;
  let lib: GitRepository;
  let assetId: bigint;
  let delivery = 0;
  let hour = 0;

  const libRepository: PayloadRepository = {
    owner: "octo-org",
    name: "lib",
    cloneUrl: "https://github.com/octo-org/lib.git",
    installationId: INSTALLATION,
  };

  /** Starts the service; with `relayed`, a relayer sends the attester's signed batches, else the attester. */
  const startIntake = async (relayed = true) => {
    intake = startProcess({
      name: "intake",
      command: process.execPath,
      args: [path.join(REPOSITORY_ROOT, "intake", "src", "cli", "intake.ts")],
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        CCN_RPC_URL: rpcUrl,
        CCN_DEPLOYMENTS_DIR: path.join(work, "deployments"),
        CCN_INTAKE_PORT: String(intakePort),
        CCN_INTAKE_DATABASE: path.join(work, "intake.sqlite"),
        CCN_INTAKE_COSTS_DIR: path.join(work, "manifests", "costs"),
        CCN_GITHUB_WEBHOOK_SECRET: SECRET,
        CCN_GITHUB_APP_ID: APP_ID,
        CCN_GITHUB_PRIVATE_KEY: appKey,
        CCN_GITHUB_API_URL: github!.url,
        CCN_ATTESTER_PRIVATE_KEY: keyOf(ACCOUNTS.attester),
        ...(relayed ? { CCN_RELAYER_PRIVATE_KEY: keyOf(ACCOUNTS.relayer) } : {}),
        CCN_INTAKE_BATCH_WINDOW_MS: "100",
      },
    });
    await waitFor("the intake's /health", async () => ((await fetch(`${intakeUrl}/health`)).ok ? true : undefined), {
      timeoutMs: 60_000,
      process: intake,
    });
  };

  const get = async <T>(what: string): Promise<T> => (await (await fetch(`${intakeUrl}/${what}`)).json()) as T;
  const refusals = async () => (await get<{ refusals: RecordedRefusal[] }>("refusals")).refusals;
  const contributions = async () => (await get<{ contributions: Contribution[] }>("contributions")).contributions;
  const refusalsOf = async (id: string) => (await refusals()).filter((r) => r.deliveryId === id);

  /** Posts a signed delivery and waits until the intake has processed it. */
  const deliver = async (event: string, payload: Record<string, unknown>): Promise<string> => {
    const id = `delivery-${++delivery}`;
    const answer = await postDelivery({
      url: intakeUrl,
      event,
      id,
      body: JSON.stringify(payload),
      signature: webhooks,
    });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    await waitFor(
      `delivery ${id} processed`,
      async () => ((await get<{ state?: string }>(`deliveries/${id}`)).state === "done" ? true : undefined),
      { timeoutMs: 60_000, process: intake! },
    );
    return id;
  };

  const attestedOnChain = () =>
    client.getContractEvents({
      address: deployment.contracts.ContributionLedger.address,
      abi: contributionLedgerAbi,
      eventName: "ContributionAttested",
      fromBlock: 0n,
    });

  const waitAttested = (ids: readonly string[]) =>
    waitFor(
      `contributions ${ids.join(", ")} attested`,
      async () => {
        const states = (await contributions()).filter((c) => ids.includes(c.id)).map((c) => c.state);
        return states.length === ids.length && states.every((s) => s === "attested") ? true : undefined;
      },
      { timeoutMs: 60_000, process: intake! },
    );

  /** A report of one hour of labor, each at its own hour, so no two reports bill the same time. */
  const report = (priceTable: Awaited<ReturnType<typeof publishedPriceTables>>): CostReport => {
    const start = new Date(Date.UTC(2026, 9, 1) + hour++ * 3_600_000);
    return priceCostReport({
      rateCard: CARD,
      priceTable: priceTable.values().next().value!,
      labor: [
        {
          start: start.toISOString().replace(".000", ""),
          end: new Date(start.getTime() + 3_600_000).toISOString().replace(".000", ""),
          role: "engineer",
          hourlyMicroUsd: 80_000_000n,
          description: "work",
        },
      ],
    });
  };
  let priceTables: Awaited<ReturnType<typeof publishedPriceTables>>;

  type Pull = { number: number; base: string; head: string; merge: string; reports: Map<Name, CostReport> };

  /** A pull request on a branch of `repo` merged into main (as the merge button does), known to the replay. */
  const pullRequest = async (
    repo: GitRepository,
    replay: ReplayRepository,
    number: number,
    options: {
      author: Name;
      coAuthor?: Name;
      lines: number;
      reviews: { by: Name; state: "APPROVED" | "CHANGES_REQUESTED" }[];
      merge?: boolean;
    },
  ): Promise<Pull> => {
    const base = await repo.git("rev-parse", "HEAD");
    await repo.checkout(`pr-${number}`, true);
    const reports = new Map<Name, CostReport>();
    const files: Record<string, string> = {
      [`src/change${number}.ts`]: Array.from({ length: options.lines }, (_, i) => `export const v${i} = ${i};\n`).join(
        "",
      ),
    };
    for (const name of [options.author, ...(options.coAuthor === undefined ? [] : [options.coAuthor])]) {
      const r = report(priceTables);
      reports.set(name, r);
      files[`.coherence/costs/${name}/pr-${number}.json`] = `${JSON.stringify(costReportSchema.encode(r), null, 2)}\n`;
    }
    const trailer =
      options.coAuthor === undefined ? "" : `\n\nCo-authored-by: ${options.coAuthor} <${noreply(options.coAuthor)}>`;
    const head = await repo.commit(files, {
      message: `Change ${number}${trailer}`,
      author: { name: options.author, email: noreply(options.author) },
    });
    await repo.checkout("main");
    const merge =
      options.merge === false
        ? head
        : await repo.merge(`pr-${number}`, `Merge pull request #${number} from pr-${number}`);
    replay.pulls.set(number, {
      base,
      head,
      reviews: options.reviews.map((r) => ({ by: forgeAccount(r.by), state: r.state })),
    });
    return { number, base, head, merge, reports };
  };

  const closed = (pull: Pull, author: Name, repository = libRepository, merged = true) =>
    closedPullRequest({
      repository,
      number: pull.number,
      author: forgeAccount(author),
      merge: merged ? pull.merge : undefined,
      head: pull.head,
      base: pull.base,
    });

  /** A repository with `.coherence.json` for the asset, signed by `signer` (or none), known to the replay. */
  const optedInRepository = async (
    name: string,
    signer: Name | undefined,
    gates?: GatesInFile,
  ): Promise<[GitRepository, ReplayRepository]> => {
    const repo = await GitRepository.init(path.join(work, name));
    const file = {
      repository: `github.com/octo-org/${name}`,
      chainId: deployment.chainId,
      assetId,
      distributor: deployment.contracts.PayoutDistributor.address,
      gates,
    };
    const files: Record<string, string> = { "README.md": `# ${name}\n` };
    if (signer !== undefined)
      files[COHERENCE_FILE] = coherenceFileText({
        ...file,
        signature: await account(signer).signTypedData(optInTypedData(file)),
      });
    await repo.commit(files, { message: "Start" });
    const replay: ReplayRepository = {
      dir: repo.dir,
      pulls: new Map(),
      permissions: new Map([
        ["ada", "admin"],
        ["linus", "write"],
      ]),
    };
    repositories.set(`octo-org/${name}`, replay);
    return [repo, replay];
  };

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), "ccn-intake-"));
    const started = await startHardhatNode(await freePort());
    node = started.process;
    rpcUrl = started.rpcUrl;
    deployment = await deployLocal(rpcUrl, path.join(work, "deployments"));
    client = publicClientOf(deployment.chainId, rpcUrl);
    ({ assetId } = await registerAsset({
      publicClient: client,
      walletClient: walletClientOf(deployment.chainId, rpcUrl, account("ada")),
      deployment,
      registration: {
        contentHash: keccak256(stringToBytes("octo-org/lib")),
        kind: "Code",
        uri: "ipfs://lib",
        parents: [],
      },
      source: "intake test",
    }));
    priceTables = await publishedPriceTables();
    [lib] = await optedInRepository("lib", "ada");
    github = await startGitHubReplay({ appId: APP_ID, privateKey: appKey, repositories });
    intakePort = await freePort();
    intakeUrl = `http://127.0.0.1:${intakePort}`;
    await startIntake();
  });

  after(async () => {
    await intake?.stop();
    await github?.stop();
    await node?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const link = async (name: Name, login: string = name) => {
    const statement = { forge: GITHUB_FORGE, login, account: account(name).address };
    const signature = await account(name).signTypedData(forgeLinkTypedData(statement));
    return `/ccn link ${statement.account} ${signature}`;
  };

  test("/ccn link comments link forge accounts to the addresses that signed them, publicly and verifiably", async () => {
    for (const name of ["ada", "grace"] as const)
      await deliver(
        "issue_comment",
        createdComment({ repository: libRepository, number: 1, author: forgeAccount(name), body: await link(name) }),
      );
    // Mallory posts ada's statement: it names ada's login, so it links nobody to mallory's account.
    const stolen = await deliver(
      "issue_comment",
      createdComment({
        repository: libRepository,
        number: 1,
        author: forgeAccount("mallory"),
        body: await link("ada"),
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
        ["ada", "1010", account("ada").address, undefined],
        ["grace", "1011", account("grace").address, undefined],
      ],
    );
    for (const l of links) {
      const statement = JSON.parse(l.statement) as { forge: string; login: string; account: Hex };
      assert.equal(
        await client.verifyTypedData({ address: l.address, ...forgeLinkTypedData(statement), signature: l.signature }),
        true,
        "anyone can check a served link against its signature",
      );
    }
  });

  let first: Pull;
  let firstDelivery: string;

  test("a merged, approved pull request by a linked author and co-author is attested once for each, bound to its range and report", async () => {
    const [, replay] = [lib, repositories.get("octo-org/lib")!];
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
      const fragment = `${first.base}..${first.merge};cost=${costReportHash(r)}`;
      const event = events.find((e) => e.args.contributor === account(name).address);
      assert.ok(event, `${name}'s contribution is on the ledger`);
      assert.equal(event.args.evidenceUri, `${libRepository.cloneUrl}#${fragment}`);
      assert.equal(event.args.evidenceHash, keccak256(stringToBytes(fragment)));
      assert.equal(event.args.laborMicroUsd, r.totals.laborMicroUsd);
      assert.equal(event.args.attester, account("attester").address, "the attester's signature, sent by the relayer");
      const published = await readFile(path.join(work, "manifests", "costs", `${costReportHash(r)}.json`), "utf8");
      assert.equal(
        costReportHash(parse(costReportSchema, JSON.parse(published))),
        costReportHash(r),
        "published for the oracle",
      );
    }
    const receipt = await client.getTransactionReceipt({ hash: events[0]!.transactionHash });
    assert.equal(receipt.from.toLowerCase(), account("relayer").address.toLowerCase());
    assert.equal(events.length, 2, "both in one batch, nothing else");
  });

  test("bad input is refused with its reason, and nothing is attested", async () => {
    const replay = repositories.get("octo-org/lib")!;
    const before = (await attestedOnChain()).length;
    const body = JSON.stringify(closed(first, "ada"));
    const post = (id: string, text: string, signature: Webhooks | string | undefined) =>
      postDelivery({ url: intakeUrl, event: "pull_request", id, body: text, signature });

    assert.equal((await post("bad-signature", body, new Webhooks({ secret: "wrong" }))).body.outcome, "bad-signature");
    assert.equal((await post("no-signature", body, undefined)).body.outcome, "missing-signature");
    assert.equal((await post("malformed", '{"action":', webhooks)).body.outcome, "malformed-json");
    const huge = JSON.stringify({ action: "closed", padding: "x".repeat(1_100_000) });
    assert.equal((await post("oversized", huge, webhooks)).body.outcome, "oversized-payload");
    assert.equal((await post(firstDelivery, body, webhooks)).body.outcome, "replayed-delivery");

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
    const limitedId = await deliver("pull_request", payload(two, "2026-11-03T10:00:00Z"));
    const [refusal] = await refusalsOf(limitedId);
    assert.equal(refusal?.code, "rate-limited");
    assert.match(refusal!.reason, /ada already has 1 contributions merged in the last 86400 s \(at most 1\)/);
    const [attested] = (await contributions()).filter((c) => c.deliveryId === accepted);
    await waitAttested([attested!.id]);
  });

  test("a claim above the cost per changed line is held until a maintainer approves it with /ccn approve", async () => {
    const replay = repositories.get("octo-org/lib")!;
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
    const replay = repositories.get("octo-org/lib")!;
    await deliver(
      "issue_comment",
      createdComment({ repository: libRepository, number: 1, author: forgeAccount("grace"), body: "/ccn unlink" }),
    );
    const { links } = await get<{ links: Link[] }>("links");
    assert.ok(
      links.find((l) => l.login === "grace")?.revokedAt !== undefined,
      "the revoked link stays public, revoked",
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
        body: await link("grace"),
      }),
    );
    assert.equal(
      (await get<{ links: Link[] }>("links")).links.filter((l) => l.login === "grace" && l.revokedAt === undefined)
        .length,
      1,
    );
  });

  test("kill -9 mid-batch, then a restart: the chain holds each contribution exactly once", async () => {
    const replay = repositories.get("octo-org/lib")!;
    const before = (await attestedOnChain()).length;
    const pulls = [
      await pullRequest(lib, replay, 7, { author: "ada", lines: 20, reviews: [{ by: "linus", state: "APPROVED" }] }),
      await pullRequest(lib, replay, 8, { author: "grace", lines: 20, reviews: [{ by: "linus", state: "APPROVED" }] }),
    ];
    // Blocks are mined only when the test says: the batch's transaction is sent and waits in the mempool.
    await rpc(rpcUrl, "evm_setAutomine", [false]);
    try {
      const ids: string[] = [];
      for (const [i, pull] of pulls.entries())
        ids.push(await deliver("pull_request", closed(pull, i === 0 ? "ada" : "grace")));
      const mine = async () => (await contributions()).filter((c) => ids.includes(c.deliveryId));
      // The relayer batches what is pending when its window closes: one or both, sent and waiting to be mined.
      await waitFor("a batch sent", async () => ((await mine()).some((c) => c.state === "sent") ? true : undefined), {
        timeoutMs: 60_000,
        process: intake!,
      });
      await intake!.kill();
      await startIntake();
      // The restarted relayer finds the sent transaction in the mempool and waits for it rather than send it again.
      await rpc(rpcUrl, "evm_mine");
      await rpc(rpcUrl, "evm_setAutomine", [true]);
      const attested = await mine();
      assert.equal(attested.length, 2);
      await waitAttested(attested.map((c) => c.id));
      for (const [i, pull] of pulls.entries()) {
        const body = JSON.stringify(closed(pull, i === 0 ? "ada" : "grace"));
        const again = await postDelivery({
          url: intakeUrl,
          event: "pull_request",
          id: ids[i]!,
          body,
          signature: webhooks,
        });
        assert.equal(again.body.outcome, "replayed-delivery", "delivered again after the restart: a replay");
      }
      const ledger = { address: deployment.contracts.ContributionLedger.address, abi: contributionLedgerAbi } as const;
      const events = await attestedOnChain();
      for (const c of attested) {
        assert.equal(events.filter((e) => e.args.id === c.id).length, 1, `${c.id} attested once`);
        const status = await client.readContract({ ...ledger, functionName: "statusOf", args: [c.id] });
        assert.equal(CONTRIBUTION_STATUSES[status], "Attested");
      }
      assert.equal(new Set(events.map((e) => e.args.id)).size, events.length, "no contribution twice, ever");
      assert.equal(events.length, before + 2);
    } finally {
      await rpc(rpcUrl, "evm_setAutomine", [true]);
    }
  });

  test("without a relayer key the attester sends its batches itself, with attestBatch", async () => {
    await intake!.stop();
    await startIntake(false);
    const replay = repositories.get("octo-org/lib")!;
    const pull = await pullRequest(lib, replay, 11, {
      author: "ada",
      lines: 20,
      reviews: [{ by: "linus", state: "APPROVED" }],
    });
    const id = await deliver("pull_request", closed(pull, "ada"));
    const [contribution] = (await contributions()).filter((c) => c.deliveryId === id);
    await waitAttested([contribution!.id]);
    const attested = (await contributions()).find((c) => c.id === contribution!.id)!;
    const transaction = await client.getTransaction({ hash: attested.transactionHash! });
    assert.equal(transaction.from.toLowerCase(), account("attester").address.toLowerCase());
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
          CCN_RPC_URL: rpcUrl,
          CCN_DEPLOYMENTS_DIR: path.join(work, "deployments"),
        },
      });
      const code = await run.exited;
      await run.stop();
      assert.equal(code, 0, run.output());
      return run.output();
    };
    const text = await cli(["opt-in", "--repository", "github.com/octo-org/lib", "--asset", String(assetId)], "ada");
    const optIn = await verifyOptIn({
      client,
      deployment,
      file: parseCoherenceFile(text),
      repository: "github.com/octo-org/lib",
    });
    assert.equal("owner" in optIn && optIn.owner, account("ada").address);
    const comment = await cli(["link", "--login", "linus"], "linus");
    await deliver(
      "issue_comment",
      createdComment({ repository: libRepository, number: 1, author: forgeAccount("linus"), body: comment }),
    );
    const { links } = await get<{ links: Link[] }>("links");
    assert.equal(
      links.find((l) => l.login === "linus" && l.revokedAt === undefined)?.address,
      account("linus").address,
    );
  });
});
