/**
 * Indexer benchmark (`npm run bench:indexer`, `-- --json` for one JSON object):
 * - backfill: events per second over a history of about 50,000 mixed protocol events, on PGlite and PostgreSQL
 *   (Ponder's own "completed backfill" duration, and the wall time from process start to /ready);
 * - lag from a mined transaction (its receipt is available) to its visibility through GraphQL: p50 / p95;
 * - query latency under load (autocannon, 50 connections) of the claim page (GraphQL and the REST claims API)
 *   and the asset page: p50 / p99, on PGlite (served by `ponder start`) and PostgreSQL, where the API runs in
 *   `ponder serve` processes apart from indexing: `queries` with one serve process, `queriesTwoServers` with two
 *   (autocannon spreads its connections over both, as a load balancer would), `queriesIndexerProcess` from
 *   `ponder start`'s own server, as before the split; each beside the targets (`targets`); and, where the machine
 *   has two cores or more and `taskset`, the serve processes pinned to one core and this process (the load
 *   generator) to another (`queriesPinned`, `queriesTwoServersPinned`: both serve processes share the one core).
 * Everything runs against real processes (Hardhat node, PostgreSQL 15, `ponder start`, `ponder serve`), all stopped
 * at the end.
 *
 * Options: --json, --scale <factor> (default 1: 2,000 assets, 40,000 contributions, 2,500 payments,
 * 500 revocations), --duration <seconds of each autocannon run> (default 10), --no-postgres, --profile <dir>
 * (CPU profiles of the serve processes, written when they stop: summarise them with bench/profileSummary.ts).
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import {
  deployLocal,
  freePort,
  ProcessGroup,
  rpc,
  startHardhatNode,
  startThrowawayPostgres,
  waitForIndexerReady,
} from "@coherence/devnet";
import autocannon from "autocannon";
import { buildEpoch, proposeEpoch, publishManifest } from "../test/support/epochs.ts";
import { graphql, type Indexer, type IndexerOptions, startIndexer, waitIndexed } from "../test/support/ponder.ts";
import { Protocol, ROLES } from "../test/support/protocol.ts";
import { register } from "../test/support/scenario.ts";
import { generateMix } from "./load.ts";
import { backfillDuration } from "./ponderBackfill.ts";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    scale: { type: "string", default: "1" },
    duration: { type: "string", default: "10" },
    "no-postgres": { type: "boolean", default: false },
    profile: { type: "string" },
  },
});
const scale = Number(args.scale);
const duration = Number(args.duration);
/** Progress goes to stderr, so stdout holds only the result (one JSON object with --json). */
const log = (message: string) => console.error(message);

/** The claim page: what an account has claimed, its recent claims, the latest finalised epoch, pause state. */
export const CLAIM_PAGE_QUERY = `query ClaimPage($account: String!) {
  claimTotals(where: { account: $account }) { items { token claimed claimCount } }
  claims(where: { account: $account }, orderBy: "blockNumber", orderDirection: "desc", limit: 20) { items { kind token amount recipient epochNumber txHash timestamp } }
  epochs(where: { status: finalised }, orderBy: "id", orderDirection: "desc", limit: 1) { items { id payoutRoot manifestHash finalisedAt } }
  networkTotal(id: "network") { paused latestFinalisedEpoch }
}`;

/** The asset page: the asset, its lineage both ways, recent contributions with contributors, resonance. */
export const ASSET_PAGE_QUERY = `query AssetPage($id: BigInt!) {
  asset(id: $id) {
    id owner kind uri contentHash upstreamShareBps registeredAt
    parents { items { weightBps parent { id uri kind } } }
    children(limit: 20) { items { weightBps child { id uri kind } } }
    contributions(limit: 20, orderBy: "attestedBlock", orderDirection: "desc") { items { id status costMicroUsd contributor { id totalCostMicroUsd contributionCount } } }
    resonance { directChildren descendants contributorCount diversityBps revenue { items { token amount pool } } }
  }
}`;

/** Issue 16's targets at 50 connections on PostgreSQL: p99 under 50 ms, and no error answers. */
const TARGETS = { claimPageGraphqlP99Ms: 50, claimsRestP99Ms: 50, errorAnswers: 0 } as const;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function measureBackfill(group: ProcessGroup, options: IndexerOptions, events: number, head: number) {
  const started = performance.now();
  const indexer = await startIndexer(group, options);
  await waitForIndexerReady(indexer, 30 * 60_000);
  const readyMs = performance.now() - started;
  await waitIndexed(indexer, head, 10 * 60_000);
  const backfillMs = backfillDuration(indexer);
  return {
    indexer,
    result: {
      events,
      backfillSeconds: backfillMs === null ? null : round(backfillMs / 1000, 2),
      eventsPerSecond: backfillMs === null ? null : Math.round(events / (backfillMs / 1000)),
      startToReadySeconds: round(readyMs / 1000, 2),
      eventsPerSecondIncludingStartup: Math.round(events / (readyMs / 1000)),
    },
  };
}

async function measureLag(protocol: Protocol, indexer: Indexer, samples: number, label: string) {
  const lags: number[] = [];
  for (let i = 0; i < samples; i++) {
    const id = await register(protocol, ROLES.alice, `lag-${label}-${i}`, 0, []);
    const mined = performance.now();
    for (;;) {
      const data = await graphql<{ asset: { id: string } | null }>(
        indexer,
        `query($id: BigInt!) { asset(id: $id) { id } }`,
        {
          id: id.toString(),
        },
      );
      if (data.asset) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    lags.push(performance.now() - mined);
  }
  lags.sort((a, b) => a - b);
  return {
    samples,
    pollingIntervalMs: 200,
    p50Ms: round(percentile(lags, 50)),
    p95Ms: round(percentile(lags, 95)),
    maxMs: round(lags.at(-1)!),
  };
}

/**
 * autocannon's options with a list of URLs, which it accepts ("More than one URL is allowed", its README) and
 * spreads the connections over, though its types say one.
 */
type LoadOptions = Omit<autocannon.Options, "url"> & { url: string[] };

async function load(options: LoadOptions) {
  const run = (o: LoadOptions) => autocannon(o as unknown as autocannon.Options);
  await run({ ...options, duration: 2 }); // warm-up
  const result = await run(options);
  return {
    connections: options.connections,
    seconds: options.duration,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // Failed requests and non-2xx answers: counted, not thrown, so a run that misses the target still reports.
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const run = promisify(execFile);
const cpuCount = os.cpus().length;

/** Whether processes can be pinned apart: two cores or more, and `taskset`. */
async function canPin(): Promise<boolean> {
  if (cpuCount < 2) return false;
  return run("taskset", ["-p", String(process.pid)]).then(
    () => true,
    () => false,
  );
}

/** Moves every thread of each process to `cpus` (taskset's list syntax: "0", "1-3"). */
async function pin(pids: number[], cpus: string): Promise<void> {
  for (const pid of pids) await run("taskset", ["-a", "-p", "-c", cpus, String(pid)]);
}

/**
 * The load figures of the servers `pids` pinned to the first core and this process, the load generator, to the
 * others; everything is free to run anywhere again after.
 */
async function measurePinned(pids: number[], ...args: Parameters<typeof measureQueries>) {
  const all = `0-${cpuCount - 1}`;
  await pin(pids, "0");
  await pin([process.pid], `1-${cpuCount - 1}`);
  try {
    return { serverCpus: "0", loadGeneratorCpus: `1-${cpuCount - 1}`, ...(await measureQueries(...args)) };
  } finally {
    await pin([...pids, process.pid], all);
  }
}

/** The load figures of the API served at `urls` (autocannon spreads its connections over them). */
async function measureQueries(urls: string[], account: string, assetId: bigint) {
  const [first] = urls as [string, ...string[]];
  const api = { url: first } as Indexer;
  const post = (query: string, variables: Record<string, unknown>) => ({
    url: urls.map((u) => `${u}/graphql`),
    method: "POST" as const,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  // A load test of error answers would measure nothing: check each query once first.
  await graphql(api, CLAIM_PAGE_QUERY, { account });
  const asset = await graphql<{ asset: { id: string } | null }>(api, ASSET_PAGE_QUERY, { id: assetId.toString() });
  if (!asset.asset) throw new Error(`asset ${assetId} is not indexed`);
  const claims = await fetch(`${first}/claims/${account}`);
  if (claims.status !== 200) throw new Error(`GET /claims/${account}: HTTP ${claims.status} ${await claims.text()}`);
  // Unloaded latency first: the median of 20 requests one at a time.
  const sequential = async (request: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await request();
      times.push(performance.now() - started);
    }
    return round(times.sort((a, b) => a - b)[10]!);
  };
  const unloaded = {
    claimPageGraphqlMs: await sequential(() => graphql(api, CLAIM_PAGE_QUERY, { account })),
    claimsRestMs: await sequential(async () => (await fetch(`${first}/claims/${account}`)).text()),
    assetPageMs: await sequential(() => graphql(api, ASSET_PAGE_QUERY, { id: assetId.toString() })),
  };
  log(`unloaded medians: ${JSON.stringify(unloaded)}`);
  const common = { connections: 50, duration };
  return {
    servers: urls.length,
    unloaded,
    claimPageGraphql: await load({ ...common, ...post(CLAIM_PAGE_QUERY, { account }) }),
    claimsRest: await load({ ...common, url: urls.map((u) => `${u}/claims/${account}`) }),
    assetPage: await load({ ...common, ...post(ASSET_PAGE_QUERY, { id: assetId.toString() }) }),
  };
}

type QueryFigures = Awaited<ReturnType<typeof measureQueries>>;

/** One line per run: the claim page's p99s and error answers beside the targets. */
function againstTargets(label: string, q: QueryFigures): string {
  const errors = [q.claimPageGraphql, q.claimsRest].reduce((n, r) => n + r.errors + r.non2xx, 0);
  const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
  return [
    `${label.padEnd(34)}`,
    `claim page GraphQL p99 ${q.claimPageGraphql.p99Ms} ms (< ${TARGETS.claimPageGraphqlP99Ms}: ${mark(q.claimPageGraphql.p99Ms < TARGETS.claimPageGraphqlP99Ms)})`,
    `GET /claims p99 ${q.claimsRest.p99Ms} ms (< ${TARGETS.claimsRestP99Ms}: ${mark(q.claimsRest.p99Ms < TARGETS.claimsRestP99Ms)})`,
    `error answers ${errors} (${mark(errors === TARGETS.errorAnswers)})`,
  ].join("  ");
}

async function main() {
  const group = new ProcessGroup();
  const tmp = await mkdtemp(path.join(os.tmpdir(), "ccn-indexer-bench-"));
  group.defer(() => rm(tmp, { recursive: true, force: true }));
  try {
    const manifestDir = path.join(tmp, "manifests");
    await mkdir(manifestDir);
    const chain = await startHardhatNode(await freePort(), { uniqueChainId: true });
    group.add(chain.process);
    const deployment = await deployLocal(chain.rpcUrl, path.join(tmp, "deployments"));
    const protocol = new Protocol(chain.rpcUrl, deployment);
    const mix = {
      assets: Math.round(2_000 * scale),
      contributions: Math.round(40_000 * scale),
      batchSize: 100,
      payments: Math.round(2_500 * scale),
      revocations: Math.round(500 * scale),
      contributors: Math.round(5_000 * scale),
    };
    log(`generating ${JSON.stringify(mix)} ...`);
    const genStarted = performance.now();
    const generated = await generateMix(protocol, chain.rpcUrl, mix, 1n);
    const generateSeconds = round((performance.now() - genStarted) / 1000);

    // An epoch over the whole history, finalised, so the claim page and the claims API have something to serve.
    const toBlock = await protocol.blockNumber();
    await protocol.recordLogs(0n, toBlock);
    const epoch = await buildEpoch(protocol, {
      number: 1n,
      fromBlock: 1n,
      toBlock,
      previous: [],
      codeVersion: "indexer-bench",
    });
    await publishManifest(manifestDir, epoch);
    await proposeEpoch(protocol, epoch.proposal, [2, 3, 4]);
    await protocol.increaseTime(deployment.parameters.challengePeriod + 1);
    await protocol.call(ROLES.payer, "PayoutDistributor", "finalise", [epoch.proposal]);
    // Past the finality depth (30 blocks), so the whole history is backfilled, not followed live.
    for (let i = 0; i < 40; i++) await rpc(chain.rpcUrl, "evm_mine");
    const head = Number(await protocol.blockNumber());
    protocol.events = [];
    await protocol.recordLogs(0n, BigInt(head));
    const events = protocol.events.length;
    log(
      `${events} protocol events (${generated} generated) in ${head} blocks, generated in ${generateSeconds} s; manifest ${epoch.bytes.length} bytes, ${epoch.manifest.leaves.length} leaves`,
    );

    const account = epoch.manifest.leaves.reduce((best, l) =>
      l.sources.length > best.sources.length ? l : best,
    ).account;
    const assetId = BigInt(Math.floor(mix.assets / 2));
    const base = {
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      deploymentsDir: path.join(tmp, "deployments"),
      manifestDir,
    };
    const figures: Record<string, unknown> = {
      history: {
        events,
        generated,
        blocks: head,
        ...mix,
        manifestBytes: epoch.bytes.length,
        leaves: epoch.manifest.leaves.length,
      },
    };

    const databases: [string, IndexerOptions | (() => Promise<IndexerOptions>)][] = [
      ["pglite", { ...base, schema: "bench", pgliteDir: path.join(tmp, "pglite") }],
    ];
    if (!args["no-postgres"]) {
      databases.push([
        "postgres",
        async () => ({ ...base, schema: "bench", databaseUrl: (await startThrowawayPostgres(group)).url }),
      ]);
    }
    const summary: string[] = [];
    for (const [name, optionsOrFactory] of databases) {
      const options = typeof optionsOrFactory === "function" ? await optionsOrFactory() : optionsOrFactory;
      const postgres = options.databaseUrl !== undefined;
      log(`${name}: backfill ...`);
      if (postgres && args.profile !== undefined)
        process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${path.resolve(args.profile)}`;
      const { indexer, result: backfill } = await measureBackfill(
        group,
        // On PostgreSQL two serve processes, started once ponder start has its schema (they do not slow it).
        { ...options, pollingIntervalMs: 200, apiServers: postgres ? 2 : 0 },
        events,
        head,
      );
      log(`${name}: ${JSON.stringify(backfill)}; lag ...`);
      const lag = await measureLag(protocol, indexer, 40, name);
      log(`${name}: lag ${JSON.stringify(lag)}; queries ...`);
      const queries = await measureQueries([indexer.url], account, assetId);
      log(`${name}: ${JSON.stringify(queries)}`);
      summary.push(againstTargets(postgres ? `${name}, 1 ponder serve` : name, queries));
      figures[name] = { backfill, lag, queries };
      if (postgres) {
        const queriesTwoServers = await measureQueries(indexer.apiUrls, account, assetId);
        log(`${name}, two serve processes: ${JSON.stringify(queriesTwoServers)}`);
        const queriesIndexerProcess = await measureQueries([indexer.indexingUrl], account, assetId);
        log(`${name}, ponder start's own server: ${JSON.stringify(queriesIndexerProcess)}`);
        summary.push(againstTargets(`${name}, 2 ponder serve`, queriesTwoServers));
        summary.push(againstTargets(`${name}, ponder start's own server`, queriesIndexerProcess));
        figures[name] = { backfill, lag, queries, queriesTwoServers, queriesIndexerProcess };
        if (await canPin()) {
          const pids = indexer.apiProcesses.map((p) => p.pid);
          const queriesPinned = await measurePinned(pids.slice(0, 1), [indexer.url], account, assetId);
          log(`${name}, 1 serve pinned: ${JSON.stringify(queriesPinned)}`);
          const queriesTwoServersPinned = await measurePinned(pids, indexer.apiUrls, account, assetId);
          log(`${name}, 2 serve pinned: ${JSON.stringify(queriesTwoServersPinned)}`);
          summary.push(againstTargets(`${name}, 1 serve (pinned)`, queriesPinned));
          summary.push(againstTargets(`${name}, 2 serve (pinned, one core)`, queriesTwoServersPinned));
          Object.assign(figures[name] as object, { queriesPinned, queriesTwoServersPinned });
        } else log(`${name}: not pinned (${cpuCount} CPU(s), or no taskset)`);
      }
      for (const server of indexer.apiProcesses) await server.stop();
      await indexer.process.stop();
    }
    figures.targets = TARGETS;
    figures.machine = { cpus: cpuCount, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 2)) };
    for (const line of summary) log(line);
    if (args.json) console.log(JSON.stringify(figures));
    else console.log(JSON.stringify(figures, null, 2));
  } finally {
    await group.stopAll();
  }
}

await main();
