/**
 * `npm start`: the whole network on this machine. A Hardhat chain, the protocol deployed, the demo scenario
 * applied (its oracle epochs run by a 3-of-5 quorum and finalised), the forge intake (GitHub's API replayed
 * locally, a repository opted in and a merged pull request attested through it), the metering gateway (the demo's
 * runnable composables, paid calls by acme and their vouchers redeemed), the indexer on the embedded database (or
 * PostgreSQL), and the web app; then the URLs, the funded accounts and who earned what, and why.
 *
 *   npm start                         run until Ctrl-C (which stops every process)
 *   npm start -- --postgres           the indexer and the intake on a throwaway PostgreSQL cluster (not PGlite, SQLite)
 *   npm start -- --database-url URL   the indexer on an existing PostgreSQL database
 *                                     (on PostgreSQL the indexer's API runs in a `ponder serve` process of its own)
 *   npm start -- --scenario FILE      another scenario than scenarios/demo.json
 *   npm start -- --check              bring everything up, check every part answers, print, stop, exit 0 or 1
 *   npm start -- --work DIR --deployments DIR   where its files go (default .ccn/local and deployments/)
 *
 * Ports: 8545 (chain), 42069 (indexer API), 5173 (web app), 8790 (intake), 8795 (gateway), or CCN_CHAIN_PORT,
 * CCN_INDEXER_PORT, CCN_WEB_PORT, CCN_INTAKE_PORT, CCN_GATEWAY_PORT; on PostgreSQL `ponder start` itself takes a free port;
 * `--check` takes free ports so it runs beside anything.
 */
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  buildWebApp,
  deployLocal,
  freePort,
  type ManagedProcess,
  type Postgres,
  REPOSITORY_ROOT,
  serveWebApp,
  startApiServer,
  startHardhatNode,
  startIndexer,
  startPostgres,
  waitForIndexedBlock,
  waitForIndexerReady,
  waitForIndexerSchema,
  waitForWebApp,
} from "@coherence/devnet";
import type { Contribution } from "@coherence/intake";
import { createdComment, forgeAccount, type LocalForge, startLocalForge } from "@coherence/intake/testing";
import {
  applyScenario,
  type CarGateway,
  codeVersion,
  HARDHAT_MNEMONIC,
  ManifestStore,
  publicClientOf,
  readScenario,
  scenarioOracleConfig,
  startCarGateway,
  summariseEpoch,
  writeOracleConfig,
} from "@coherence/oracle";
import { indexerClient, payoutDistributorAbi } from "@coherence/protocol";
import { formatTokenAmount } from "@coherence/protocol/actions";
import { verifiedFetch } from "@coherence/protocol/ipfs";
import { mnemonicToAccount } from "viem/accounts";

import { type MeteringDemo, RUNNABLE_DEMO_ASSETS, startMeteringDemo } from "./demo/meteringDemo.ts";
import {
  checkRevenueFromUse,
  describeRevenueFromUse,
  type RevenueFromUse,
  revenueFromUse,
  runUsageEpoch,
} from "./demo/usageEpoch.ts";

const { values: flags } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    postgres: { type: "boolean", default: false },
    "database-url": { type: "string" },
    scenario: { type: "string", default: path.join(REPOSITORY_ROOT, "scenarios", "demo.json") },
    work: { type: "string" },
    deployments: { type: "string" },
  },
});

const WORK = path.resolve(flags.work ?? path.join(REPOSITORY_ROOT, ".ccn", flags.check ? "check" : "local"));
const LOGS = path.join(WORK, "logs");
const say = (line = "") => process.stdout.write(`${line}\n`);
const processes: ManagedProcess[] = [];
let postgres: Postgres | undefined;
let forge: LocalForge | undefined;
let ipfsGateway: CarGateway | undefined;

async function port(variable: string, fallback: number): Promise<number> {
  const value = process.env[variable];
  if (value !== undefined) return Number(value);
  return flags.check ? freePort() : fallback;
}

async function stopAll(): Promise<void> {
  for (const p of processes.reverse()) await p.stop();
  await ipfsGateway?.close();
  await forge?.stop();
  await postgres?.stop();
}

let stopping = false;
async function onSignal(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("\nStopping…");
  await stopAll();
  process.exit(130);
}
process.on("SIGINT", () => void onSignal());
process.on("SIGTERM", () => void onSignal());

/**
 * The forge's demo: ada's repository opts in to her asset, ada links her GitHub account with a `/ccn link`
 * comment, and her pull request, approved by linus, is merged: the intake's signed deliveries, as GitHub sends
 * them, over HTTP. Returns the contributions it attested.
 */
async function mergeThroughForge(
  local: LocalForge,
  databaseUrl: string | undefined,
  webOrigin: string,
): Promise<Contribution[]> {
  const [repo, replay] = await local.optedInRepository("lib", "ada");
  await local.startIntake({
    relayed: false,
    // The web app reads the intake from the browser: its origin may.
    env: {
      CCN_INTAKE_CORS_ORIGINS: webOrigin,
      ...(databaseUrl !== undefined ? { CCN_INTAKE_DATABASE_URL: databaseUrl } : {}),
    },
  });
  const repository = local.repositoryPayload("lib");
  const body = await local.linkComment("ada");
  await local.deliver("issue_comment", createdComment({ repository, number: 1, author: forgeAccount("ada"), body }));
  const pull = await local.pullRequest(repo, replay, 2, {
    author: "ada",
    lines: 12,
    reviews: [{ by: "linus", state: "APPROVED" }],
  });
  const delivery = await local.deliver("pull_request", local.closed(pull, "ada", repository));
  const attested = (await local.contributions()).filter((c) => c.deliveryId === delivery);
  if (attested.length === 0)
    throw new Error(`the intake attested nothing: ${JSON.stringify(await local.refusalsOf(delivery))}`);
  await local.waitAttested(attested.map((c) => c.id));
  return attested;
}

async function main(): Promise<number> {
  const scenario = await readScenario(flags.scenario);
  const version = await codeVersion();
  await rm(WORK, { recursive: true, force: true });
  await mkdir(LOGS, { recursive: true });
  const ports = {
    chain: await port("CCN_CHAIN_PORT", 8545),
    indexer: await port("CCN_INDEXER_PORT", 42069),
    web: await port("CCN_WEB_PORT", 5173),
    intake: await port("CCN_INTAKE_PORT", 8790),
    gateway: await port("CCN_GATEWAY_PORT", 8795),
    ipfs: await port("CCN_IPFS_PORT", 8796),
  };

  say(`Starting a local chain on port ${ports.chain}…`);
  const chain = await startHardhatNode(ports.chain, { logFile: path.join(LOGS, "chain.log") });
  processes.push(chain.process);
  // The web app's dev server reads deployments/ by default; a check run leaves it alone.
  const deploymentsDir = path.resolve(
    flags.deployments ?? (flags.check ? path.join(WORK, "deployments") : path.join(REPOSITORY_ROOT, "deployments")),
  );
  say("Deploying the protocol…");
  const deployment = await deployLocal(chain.rpcUrl, deploymentsDir, path.join(LOGS, "deploy.log"));
  const client = publicClientOf(deployment.chainId, chain.rpcUrl);

  say(
    `Applying the scenario "${scenario.name}" (its epochs are computed by a ${scenario.roles.threshold}-of-${scenario.roles.oracles.length} oracle quorum)…`,
  );
  const applied = await applyScenario({
    scenario,
    deployment,
    rpcUrl: chain.rpcUrl,
    publicClient: client,
    workDir: WORK,
    codeVersion: version,
    timeTravel: true,
    log: (line) => say(`  ${line}`),
  });
  const configFile = path.join(WORK, "ccn.config.json");
  await writeOracleConfig(
    configFile,
    scenarioOracleConfig(applied, { chainId: deployment.chainId, rpcUrl: chain.rpcUrl, deploymentsDir }),
  );

  let databaseUrl = flags["database-url"];
  if (flags.postgres) {
    say("Starting a throwaway PostgreSQL cluster…");
    postgres = await startPostgres(path.join(WORK, "postgres"));
    databaseUrl = postgres.url;
  }
  // The intake's tables are in a fixed schema, and each run sends its demo deliveries afresh: only a throwaway
  // cluster is fresh enough (an existing database would refuse them as replayed).
  const intakeDatabaseUrl = postgres?.url;
  say(
    `Starting the forge intake (${intakeDatabaseUrl !== undefined ? "PostgreSQL" : "SQLite"}) on port ${ports.intake} (GitHub's API replayed locally)…`,
  );
  forge = await startLocalForge({
    rpcUrl: chain.rpcUrl,
    deployment,
    deploymentsDir,
    work: WORK,
    port: ports.intake,
    logFile: path.join(LOGS, "intake.log"),
  });
  const forgeDemo = await mergeThroughForge(forge, intakeDatabaseUrl, `http://127.0.0.1:${ports.web}`);
  say(`  ${forgeDemo.length} contribution(s) of a merged pull request of octo-org/lib attested through the intake`);

  // Another scenario may have no runnable composables, or no payer for them: then no gateway is started.
  const payer = applied.accounts.get("acme");
  const owners = new Map(
    scenario.assets.flatMap((a) => {
      const owner = applied.accounts.get(a.owner);
      return owner === undefined ? [] : [[a.key, owner] as const];
    }),
  );
  let metering: MeteringDemo | undefined;
  let usage: RevenueFromUse | undefined;
  if (payer !== undefined && RUNNABLE_DEMO_ASSETS.every((key) => applied.assets[key] !== undefined)) {
    say(`Starting the metering gateway on port ${ports.gateway} (${RUNNABLE_DEMO_ASSETS.join(" and ")} runnable)…`);
    metering = await startMeteringDemo({
      publicClient: client,
      deployment,
      rpcUrl: chain.rpcUrl,
      deploymentsDir,
      assets: applied.assets,
      owners,
      payer,
      port: ports.gateway,
      dir: path.join(WORK, "gateway"),
      logFile: path.join(LOGS, "gateway.log"),
    });
    processes.push(metering.gateway);
    for (const a of metering.assets) {
      say(
        `  ${a.key}: ${a.calls} calls by acme, ${formatTokenAmount(a.redeemed, 6)} dUSD of revenue from use redeemed to the asset`,
      );
    }
    // One more epoch, so the use just redeemed is paid out to the assets' contributors and their parents.
    const run = await runUsageEpoch(applied, { publicClient: client, rpcUrl: chain.rpcUrl, deployment }, version);
    applied.epochs.push(run);
    usage = await revenueFromUse(
      client,
      deployment,
      run.prepared.manifest,
      metering.assets.map((a) => a.assetId),
      metering.token,
    );
    say(
      `  epoch ${usage.epoch} carries the revenue from use${run.finalised ? " (finalised)" : ", in its challenge window"}, in dUSD:`,
    );
    const keys = new Map(Object.entries(applied.assets).map(([key, id]) => [id, key]));
    for (const line of describeRevenueFromUse(usage, keys, 6)) say(`    ${line}`);
  } else {
    say("The scenario has no runnable composables and payer (acme): no metering gateway.");
  }

  // Every epoch's manifest was packed as car/<cid>.car beside it, its CID recorded with the proposal.
  ipfsGateway = await startCarGateway({ directory: path.join(applied.manifestsDir, "car"), port: ports.ipfs });

  say(
    `Starting the indexer (${databaseUrl !== undefined ? "PostgreSQL, its API in a ponder serve process" : "embedded PGlite"}) on port ${ports.indexer}…`,
  );
  const indexerParameters = {
    port: ports.indexer,
    chainId: deployment.chainId,
    rpcUrl: chain.rpcUrl,
    deploymentsDir,
    manifestDir: applied.manifestsDir,
    // The claims API fetches each epoch by the CID its proposal recorded, as the web app does.
    ipfsGateways: [ipfsGateway.url],
    pgliteDir: path.join(WORK, "pglite"),
    schema: "coherence_local",
    pollingIntervalMs: 200,
    logFile: path.join(LOGS, "indexer.log"),
  };
  // On PostgreSQL the API is served by `ponder serve` on the indexer's port, and `ponder start` only indexes (its
  // own server, on a free port, answers nobody): no query competes with indexing, and more serve processes can be
  // added behind a load balancer.
  const indexer = startIndexer(
    databaseUrl === undefined ? indexerParameters : { ...indexerParameters, databaseUrl, port: await freePort() },
  );
  processes.push(indexer.process);
  let api = indexer;
  if (databaseUrl !== undefined) {
    await waitForIndexerSchema(indexer, 180_000);
    api = startApiServer({ ...indexerParameters, databaseUrl, logFile: path.join(LOGS, "indexer-api.log") });
    processes.push(api.process);
  }
  const indexerUrl = api.url;
  const indexerApi = indexerClient(indexerUrl);
  await waitForIndexerReady(api, 180_000);
  await waitForIndexedBlock(api, await client.getBlockNumber(), 120_000);

  say(`Building and serving the web app on port ${ports.web}…`);
  const webUrl = `http://127.0.0.1:${ports.web}`;
  const outDir = path.join(WORK, "web");
  await buildWebApp({
    network: {
      chainId: deployment.chainId,
      rpcUrl: chain.rpcUrl,
      indexerUrl,
      manifestUrl: `${webUrl}/manifests/`,
      ipfsGateways: [ipfsGateway.url],
      deploymentsDir,
      intakeUrl: forge.url,
    },
    outDir,
    logFile: path.join(LOGS, "web-build.log"),
  });
  await cp(applied.manifestsDir, path.join(outDir, "manifests"), { recursive: true });
  const web = serveWebApp({ outDir, port: ports.web, logFile: path.join(LOGS, "web.log") });
  processes.push(web.process);
  await waitForWebApp(web, 60_000);

  say();
  say("Coherence Network is running:");
  say(`  web app      ${webUrl}`);
  say(`  GraphQL      ${indexerUrl}/graphql`);
  say(`  claims API   ${indexerUrl}/claims/<account>`);
  say(`  chain (RPC)  ${chain.rpcUrl}   (chain id ${deployment.chainId})`);
  say(`  intake       ${forge.url}/webhooks/github   (GitHub's API replayed at ${forge.githubUrl})`);
  say(
    `               your own GitHub App: CCN_RPC_URL=${chain.rpcUrl} CCN_DEPLOYMENTS_DIR=${path.relative(process.cwd(), deploymentsDir)} CCN_INTAKE_PORT=8791 npm run intake, with its settings (README, "The forge intake");`,
  );
  say(
    "               a machine without a public address: npx smee-client -u https://smee.io/<channel> -t http://127.0.0.1:8791/webhooks/github",
  );
  if (metering !== undefined) {
    say(`  gateway      ${metering.url}/v1/composables   (runner ${metering.runner}; acme pays per call)`);
  }
  say(
    `  IPFS gateway ${ipfsGateway.url}/ipfs/<cid>?format=car   (each epoch's manifest; pin ${path.relative(process.cwd(), path.join(applied.manifestsDir, "car"))}/)`,
  );
  say(`  oracle       npx ccn audit 1 --config ${path.relative(process.cwd(), configFile)}`);
  say(`  logs         ${path.relative(process.cwd(), LOGS)}/`);
  say();
  say("Funded test accounts (Hardhat's public test mnemonic: never use these keys on a real chain):");
  for (const [name, spec] of Object.entries(scenario.accounts)) {
    if (typeof spec !== "number") continue;
    const account = mnemonicToAccount(scenario.mnemonic ?? HARDHAT_MNEMONIC, { addressIndex: spec });
    const key = Buffer.from(account.getHdKey().privateKey!).toString("hex");
    say(`  ${name.padEnd(10)} ${account.address}  0x${key}`);
  }
  const names = new Map([...applied.accounts].map(([name, account]) => [account.address.toLowerCase(), name]));
  const tokens = new Map(deployment.tokens.map((t) => [t.address.toLowerCase(), t]));
  const assets = new Map(Object.entries(applied.assets).map(([key, id]) => [id, key]));
  for (const run of applied.epochs) {
    say();
    say(
      `Epoch ${run.prepared.proposal.epoch} (blocks ${run.prepared.proposal.fromBlock}–${run.prepared.proposal.toBlock}, root ${run.prepared.proposal.payoutRoot.slice(0, 10)}…): who earned what, and why`,
    );
    for (const line of summariseEpoch(run.prepared.result, names, tokens, assets)) say(`  ${line}`);
  }

  if (!flags.check) {
    say();
    say("Press Ctrl-C to stop every process.");
    await new Promise<never>(() => {}); // The signal handler stops everything and exits.
  }

  say();
  say("Checking every part answers:");
  const contributor = applied.accounts.get(
    scenario.contributions[0]?.contributor ?? Object.keys(scenario.accounts)[0]!,
  )!.address;
  const checks: [string, () => Promise<string>][] = [
    ["chain", async () => `block ${await client.getBlockNumber()}`],
    [
      "GraphQL",
      async () => {
        const { assets } = await indexerApi.graphql<{ assets: { totalCount: number } }>(
          "{ assets(limit: 100) { totalCount } }",
        );
        // The scenario's assets and the one the forge's repository opted in to.
        const expected = scenario.assets.length + 1;
        if (assets.totalCount !== expected)
          throw new Error(`${assets.totalCount} assets indexed, ${expected} expected`);
        return `${assets.totalCount} assets`;
      },
    ],
    [
      "claims API",
      async () => {
        const response = await fetch(`${indexerUrl}/claims/${contributor}`);
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        return `HTTP ${response.status} for ${contributor}`;
      },
    ],
    [
      "forge intake",
      async () => {
        const response = await fetch(`${forge!.url}/contributions`);
        const { contributions } = (await response.json()) as { contributions: Contribution[] };
        const attested = contributions.filter((c) => c.state === "attested");
        if (attested.length !== forgeDemo.length)
          throw new Error(`${attested.length} contributions attested, ${forgeDemo.length} expected`);
        const indexed = await indexerApi.graphql<{ contributions: { items: { id: string; method: string }[] } }>(
          `{ contributions(where: { assetId: "${forge!.assetId}" }, limit: 100) { items { id method } } }`,
        );
        const ids = indexed.contributions.items.map((c) => c.id).sort();
        if (JSON.stringify(ids) !== JSON.stringify(forgeDemo.map((c) => c.id).sort()))
          throw new Error(`the indexer has ${ids.length} of the intake's contributions`);
        return `${attested.length} attested, ${ids.length} indexed`;
      },
    ],
    [
      "metering gateway",
      async () => {
        if (metering === undefined) return "not started (no runnable composables in this scenario)";
        const response = await fetch(`${metering.url}/v1/composables`);
        const { composables } = (await response.json()) as { composables: unknown[] };
        if (composables.length !== RUNNABLE_DEMO_ASSETS.length)
          throw new Error(`${composables.length} composables served, ${RUNNABLE_DEMO_ASSETS.length} expected`);
        const unpaid = metering.assets.filter((a) => a.redeemed === 0n);
        if (unpaid.length > 0) throw new Error(`no voucher of ${unpaid.map((a) => a.key).join(", ")} was redeemed`);
        const [finalised] = await client.readContract({
          address: deployment.contracts.PayoutDistributor.address,
          abi: payoutDistributorAbi,
          functionName: "finalisedEpoch",
        });
        if (usage === undefined || finalised < usage.epoch)
          throw new Error(`the epoch after use is not finalised (epoch ${finalised} is the last)`);
        // Read back from the published manifest, as the indexer and auditors read it.
        const { manifest } = await new ManifestStore(applied.manifestsDir).read(usage.epoch);
        const ids = metering.assets.map((a) => a.assetId);
        const paid = await revenueFromUse(client, deployment, manifest, ids, metering.token);
        const pools = checkRevenueFromUse(paid, new Map(metering.assets.map((a) => [a.assetId, a.redeemed])));
        return `${composables.length} composables served, every asset's vouchers redeemed through the router, epoch ${paid.epoch} (finalised) allocates every unit of their pool revenue (${pools})`;
      },
    ],
    [
      "web app",
      async () => {
        const response = await fetch(webUrl);
        const html = await response.text();
        if (!response.ok || !html.includes('id="root"')) throw new Error(`HTTP ${response.status}`);
        return `HTTP ${response.status}`;
      },
    ],
    [
      "IPFS gateway",
      async () => {
        // Each epoch's recorded CID gives, block by block verified, the manifest published for it.
        for (const run of applied.epochs) {
          const { bytes } = await verifiedFetch(run.manifestCid, { gateways: [ipfsGateway!.url] });
          if (!Buffer.from(bytes).equals(await readFile(run.publishedManifest)))
            throw new Error(`ipfs://${run.manifestCid} is not epoch ${run.prepared.proposal.epoch}'s manifest`);
        }
        return `${applied.epochs.length} epoch manifests served as verified CARs`;
      },
    ],
  ];
  let failed = 0;
  for (const [name, check] of checks) {
    try {
      say(`  ✔ ${name}: ${await check()}`);
    } catch (error) {
      failed++;
      say(`  ✖ ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  say(failed === 0 ? "All parts answer." : `${failed} part(s) failed; see ${LOGS}.`);
  return failed === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    process.exit(1);
  });
