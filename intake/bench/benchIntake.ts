/**
 * Intake benchmark: signed `pull_request.closed` deliveries of merged, approved pull requests by a linked author,
 * posted over HTTP to the intake service (its own process) on a Hardhat node, GitHub replayed over a real git
 * repository, until every contribution is attested in a block. Once with a relayer sending the attester's signed
 * batches (`attestWithSig`), once with the attester sending them itself (`attestBatch`).
 *
 *   npm run bench:intake -- [--json] [--pulls=N] [--repositories=N] [--window-ms=MS] [--batch=N]
 *
 * The pull requests are spread over `--repositories` (4) opted-in repositories: the intake processes deliveries
 * of different repositories side by side and one repository's one at a time.
 * Reports, per mode: deliveries accepted per second (signature checked, queued durably), sustained contributions
 * per second from the first delivery to the last attestation, p50/p95 from a delivery's answer to its
 * contribution seen attested (polled every 25 ms, so up to 25 ms late), and gas per attested contribution over
 * the batches' transactions. `--json` prints one JSON object on stdout; the readable report goes to stderr.
 */
import { parseArgs } from "node:util";
import {
  createdComment,
  forgeAccount,
  type PayloadRepository,
  type Pull,
  startIntakeWorld,
} from "@coherence/intake/testing";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    pulls: { type: "string", default: "200" },
    repositories: { type: "string", default: "4" },
    // The operating point that meets the gas target; a shorter window trades gas for latency (README).
    "window-ms": { type: "string", default: "8000" },
    batch: { type: "string", default: "100" },
  },
});
const PULLS = Number(values.pulls);
const WINDOW_MS = Number(values["window-ms"]);
const BATCH = Number(values.batch);
/** Issue 12's target for gas per attested contribution through the relayer's batches: the ledger's batch figure. */
const GAS_TARGET = 34_000;
const REPOSITORIES = Number(values.repositories);
const CONCURRENCY = 8;

const say = (line: string) => process.stderr.write(`${line}\n`);
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const world = await startIntakeWorld();
try {
  say(`making ${2 * PULLS} merged pull requests in ${REPOSITORIES} real git repositories…`);
  const pulls: { pull: Pull; repository: PayloadRepository }[] = [];
  const repositories = [];
  for (let r = 0; r < REPOSITORIES; r++) {
    const name = `lib${r}`;
    const [repo, replay] = await world.optedInRepository(name, "ada", {
      rateLimit: { count: 1_000_000, windowSeconds: 1 },
      maxMicroUsdPerChangedLine: 1_000_000_000n,
    });
    repositories.push({ repo, replay, repository: world.repositoryPayload(name) });
  }
  for (let n = 1; n <= 2 * PULLS; n++) {
    const { repo, replay, repository } = repositories[n % REPOSITORIES]!;
    const approved = [{ by: "linus" as const, state: "APPROVED" as const }];
    pulls.push({
      pull: await world.pullRequest(repo, replay, n, { author: "ada", lines: 20, reviews: approved }),
      repository,
    });
  }

  const results: Record<string, unknown>[] = [];
  for (const [mode, relayed] of [
    ["relayer (attestWithSig)", true],
    ["attester (attestBatch)", false],
  ] as const) {
    await world.startIntake({
      relayed,
      env: { CCN_INTAKE_BATCH_WINDOW_MS: String(WINDOW_MS), CCN_INTAKE_BATCH_SIZE: String(BATCH) },
    });
    if (relayed)
      await world.deliver(
        "issue_comment",
        createdComment({
          repository: repositories[0]!.repository,
          number: 1,
          author: forgeAccount("ada"),
          body: await world.linkComment("ada"),
        }),
      );
    const batch = relayed ? pulls.slice(0, PULLS) : pulls.slice(PULLS);
    const posted = new Map<string, number>();
    const queue = [...batch];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          const id = await world.post("pull_request", world.closed(next.pull, "ada", next.repository));
          posted.set(id, performance.now());
        }
      }),
    );
    const accepted = performance.now();
    const seen = new Map<string, number>();
    while (seen.size < batch.length) {
      const now = performance.now();
      for (const c of await world.contributions())
        if (c.state === "attested" && posted.has(c.deliveryId) && !seen.has(c.deliveryId)) seen.set(c.deliveryId, now);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const end = Math.max(...seen.values());
    const latencies = [...seen].map(([id, at]) => at - posted.get(id)!).sort((a, b) => a - b);
    const mine = (await world.contributions()).filter((c) => posted.has(c.deliveryId));
    const transactions = [...new Set(mine.map((c) => c.transactionHash!))];
    let gas = 0n;
    for (const hash of transactions) gas += (await world.client.getTransactionReceipt({ hash })).gasUsed;
    const result = {
      mode,
      deliveries: batch.length,
      batchWindowMs: WINDOW_MS,
      batchSize: BATCH,
      repositories: REPOSITORIES,
      acceptedPerSecond: Math.round((batch.length / (accepted - start)) * 1000),
      attestedPerSecond: Math.round((batch.length / (end - start)) * 10_000) / 10,
      latencyMs: { p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)) },
      batches: transactions.length,
      gasPerContribution: Number(gas / BigInt(mine.length)),
      gasTarget: GAS_TARGET,
    };
    results.push(result);
    say(
      `${mode}: ${result.deliveries} deliveries, accepted ${result.acceptedPerSecond}/s, attested ${result.attestedPerSecond}/s sustained; delivery to block p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms (window ${WINDOW_MS} ms, batches of at most ${BATCH}: ${result.batches} transactions); ${result.gasPerContribution} gas per contribution (target <= ${GAS_TARGET})`,
    );
    if (process.env.CCN_BENCH_LOG) say(world.intake.output());
    await world.intake.stop();
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ pulls: PULLS, results }, null, 2)}\n`);
} finally {
  await world.stop();
}
