/**
 * Indexer backfill in the scaling model (`npm run bench:indexer-backfill`, `-- --json` for one JSON object): the
 * scaling shape of oracle/docs/scaling.md (one asset, N contributors with one contribution each, one payment, a
 * finalised epoch over it all) generated on a Hardhat node for each N, then backfilled from scratch by a real
 * `ponder start` on PGlite (and PostgreSQL with --postgres): Ponder's own backfill duration, events per second,
 * the wall time from process start to /ready, and the indexer process's peak RSS; then each figure's growth
 * exponent (least-squares slope of log(figure) over log(N)), over all sizes and over the last step.
 *
 * Options: --json, --sizes <N,N,...> (default 1000,10000,100000), --postgres. The chain's generator is
 * bench/load.ts's `generateMix`, with contributors drawn from 2^32 addresses so that each has one contribution
 * (the run reports how many distinct contributors it got).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  deployLocal,
  freePort,
  ProcessGroup,
  rpc,
  startHardhatNode,
  startThrowawayPostgres,
  waitForIndexerReady,
} from "@coherence/devnet";
import { buildEpoch, proposeEpoch, publishManifest } from "../test/support/epochs.ts";
import { type IndexerOptions, startIndexer, waitIndexed } from "../test/support/ponder.ts";
import { Protocol, ROLES } from "../test/support/protocol.ts";
import { generateMix } from "./load.ts";
import { backfillDuration, peakRssMiB } from "./ponderBackfill.ts";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    sizes: { type: "string", default: "1000,10000,100000" },
    postgres: { type: "boolean", default: false },
  },
});
const sizes = args.sizes.split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes whole numbers: ${args.sizes}`);
/** Progress goes to stderr, so stdout holds only the result. */
const log = (message: string) => console.error(message);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Records the chain's events up to `toBlock` 100 blocks at a time, in order: the node drops the connection rather
 * than answer one `eth_getLogs` of a million attestations, and `recordLogs` halves a range only on a size-limit error.
 */
async function recordInRanges(protocol: Protocol, toBlock: bigint) {
  for (let from = 0n; from <= toBlock; from += 100n) {
    await protocol.recordLogs(from, from + 99n < toBlock ? from + 99n : toBlock);
  }
}

/** The scaling shape's chain for `accounts` contributors, with its epoch finalised; what the indexer will read. */
async function scalingChain(group: ProcessGroup, tmp: string, accounts: number) {
  const chain = await startHardhatNode(await freePort(), { uniqueChainId: true });
  group.add(chain.process);
  const deploymentsDir = path.join(tmp, "deployments");
  const deployment = await deployLocal(chain.rpcUrl, deploymentsDir);
  const protocol = new Protocol(chain.rpcUrl, deployment);
  const started = performance.now();
  const shape = {
    assets: 1,
    contributions: accounts,
    batchSize: 100,
    payments: 1,
    revocations: 0,
    contributors: 2 ** 32,
  };
  await generateMix(protocol, chain.rpcUrl, shape, 1n);
  const generateSeconds = round((performance.now() - started) / 1000);

  const toBlock = await protocol.blockNumber();
  await recordInRanges(protocol, toBlock);
  const epoch = await buildEpoch(protocol, { number: 1n, fromBlock: 1n, toBlock, previous: [], codeVersion: "bench" });
  const manifestDir = path.join(tmp, "manifests");
  await mkdir(manifestDir);
  await publishManifest(manifestDir, epoch);
  await proposeEpoch(protocol, epoch.proposal, [2, 3, 4]);
  await protocol.increaseTime(deployment.parameters.challengePeriod + 1);
  await protocol.call(ROLES.payer, "PayoutDistributor", "finalise", [epoch.proposal]);
  // Past the finality depth (30 blocks), so the whole history is backfilled, not followed live.
  for (let i = 0; i < 40; i++) await rpc(chain.rpcUrl, "evm_mine");
  const head = Number(await protocol.blockNumber());
  protocol.events = [];
  await recordInRanges(protocol, BigInt(head));
  const contributors = new Set(
    protocol.events.flatMap((e) => (e.eventName === "ContributionAttested" ? [e.args.contributor as string] : [])),
  );
  return {
    options: { chainId: chain.chainId, rpcUrl: chain.rpcUrl, deploymentsDir, manifestDir },
    history: {
      accounts,
      contributors: contributors.size,
      leaves: epoch.manifest.leaves.length,
      events: protocol.events.length,
      blocks: head,
      generateSeconds,
    },
  };
}

/** `ponder start` from an empty database to /ready and the chain's head, and what it reported. */
async function backfill(group: ProcessGroup, options: IndexerOptions, events: number, head: number) {
  const started = performance.now();
  const indexer = await startIndexer(group, { ...options, pollingIntervalMs: 200 });
  try {
    await waitForIndexerReady(indexer, 60 * 60_000);
    const readyMs = performance.now() - started;
    await waitIndexed(indexer, head, 10 * 60_000);
    const backfillMs = backfillDuration(indexer);
    return {
      backfillSeconds: backfillMs === null ? null : round(backfillMs / 1000, 2),
      eventsPerSecond: backfillMs === null ? null : Math.round(events / (backfillMs / 1000)),
      startToReadySeconds: round(readyMs / 1000, 2),
      peakRssMiB: round(await peakRssMiB(indexer.process.pid), 0),
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
  } finally {
    await indexer.process.stop();
  }
}

/** The least-squares slope of log(y) over log(x). */
function growthExponent(points: readonly [number, number][]): number | null {
  const logs = points.filter(([, y]) => y > 0).map(([x, y]) => [Math.log(x), Math.log(y)] as const);
  if (logs.length < 2) return null;
  const mx = logs.reduce((s, [x]) => s + x, 0) / logs.length;
  const my = logs.reduce((s, [, y]) => s + y, 0) / logs.length;
  const sxx = logs.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = logs.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return round(sxy / sxx, 2);
}

type Run = { accounts: number; [figure: string]: number | null };

function exponentsOf(runs: readonly Run[]) {
  const figures = ["backfillSeconds", "eventsPerSecond", "startToReadySeconds", "peakRssMiB"];
  const fit = (points: readonly Run[]) =>
    Object.fromEntries(
      figures.map((f) => [f, growthExponent(points.flatMap((r) => (r[f] == null ? [] : [[r.accounts, r[f]!]])))]),
    );
  return { allSizes: fit(runs), lastStep: fit(runs.slice(-2)) };
}

async function main() {
  const databases = ["pglite", ...(args.postgres ? ["postgres"] : [])] as const;
  const runs: Record<string, Run[]> = Object.fromEntries(databases.map((d) => [d, []]));
  const histories = [];
  for (const accounts of sizes) {
    const group = new ProcessGroup();
    const tmp = await mkdtemp(path.join(os.tmpdir(), "ccn-backfill-scaling-"));
    group.defer(() => rm(tmp, { recursive: true, force: true }));
    try {
      log(`${accounts.toLocaleString("en")} accounts: generating the chain ...`);
      const { options, history } = await scalingChain(group, tmp, accounts);
      histories.push(history);
      log(`  ${JSON.stringify(history)}`);
      for (const database of databases) {
        const where =
          database === "pglite"
            ? { pgliteDir: path.join(tmp, "pglite") }
            : { databaseUrl: (await startThrowawayPostgres(group)).url };
        const figures = await backfill(
          group,
          { ...options, schema: "bench", ...where },
          history.events,
          history.blocks,
        );
        log(`  ${database}: ${JSON.stringify(figures)}`);
        runs[database]!.push({ accounts, events: history.events, ...figures });
      }
    } finally {
      await group.stopAll();
    }
  }
  const report = {
    shape: "one asset, N contributors with one contribution each, one payment, one finalised epoch",
    histories,
    ...Object.fromEntries(databases.map((d) => [d, { runs: runs[d], exponents: exponentsOf(runs[d]!) }])),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 2)) },
  };
  console.log(args.json ? JSON.stringify(report) : JSON.stringify(report, null, 2));
}

await main();
