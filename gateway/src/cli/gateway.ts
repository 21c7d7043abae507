/**
 * `npm run gateway`: the metering gateway alone, against the deployment of the chain at `CCN_RPC_URL`, configured
 * by the environment (`gatewayEnvironment.ts`). Each composable it serves is pinned only if its bundle's content is
 * the one registered for that asset. Logs one JSON line per event; SIGINT or SIGTERM stops it.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";

import { bundleContent, composableRunner, pinBundle, publicClientOf, walletClientOf } from "@coherence/oracle";
import { assetRegistryAbi, bundleManifestSchema, InvalidArgumentError, jsonText } from "@coherence/protocol";
import { loadDeployment, readJsonFile } from "@coherence/protocol/node";
import { serve } from "@hono/node-server";

import { anchorPeriods } from "../anchor/anchorPeriods.ts";
import { escrowReader } from "../chain/escrowReader.ts";
import { gatewayApp, type ServedComposable } from "../http/gatewayApp.ts";
import { UsageBook } from "../metering/usageBook.ts";
import { sessionChecker } from "../session/sessionChecker.ts";
import { redeemVouchers } from "../vouchers/redeemVouchers.ts";
import { gatewayEnvironment, tokenAddress } from "./gatewayEnvironment.ts";

const log = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${jsonText({ event, ...fields })}\n`);

async function main(): Promise<void> {
  const settings = gatewayEnvironment(process.env);
  const probe = publicClientOf(1, settings.rpcUrl);
  const chainId = await probe.getChainId();
  const client = publicClientOf(chainId, settings.rpcUrl);
  const deployment = await loadDeployment(chainId, settings.deploymentsDir);
  const escrowContract = deployment.contracts.MeteringEscrow;
  if (escrowContract === undefined) {
    throw new InvalidArgumentError(`the deployment of chain ${chainId} has no MeteringEscrow: redeploy it`);
  }
  const escrow = { chainId, address: escrowContract.address };
  const token = tokenAddress(settings.token, deployment.tokens);
  await mkdir(settings.dir, { recursive: true });

  const composables = new Map<bigint, ServedComposable>();
  for (const { assetId, manifestFile } of settings.composables) {
    const { contentHash } = await bundleContent(manifestFile, await readJsonFile(bundleManifestSchema, manifestFile));
    const registered = (await client.readContract({
      address: deployment.contracts.AssetRegistry.address,
      abi: assetRegistryAbi,
      functionName: "assetOf",
      args: [contentHash],
    })) as bigint;
    if (registered !== assetId) {
      throw new InvalidArgumentError(
        `${manifestFile}: its content ${contentHash} is ${registered === 0n ? "not registered" : `asset ${registered}'s`}, not asset ${assetId}'s`,
      );
    }
    const bundle = await pinBundle(manifestFile, contentHash, path.join(settings.dir, "pins"));
    composables.set(assetId, { bundle, runner: composableRunner(bundle) });
    log("composable-pinned", { assetId, contentHash, export: bundle.run.export });
  }

  const book = UsageBook.open(path.join(settings.dir, "usage.sqlite"));
  const reader = escrowReader(client, escrow.address);
  const recordsDir = path.join(settings.dir, "records");
  const now = () => BigInt(Math.floor(Date.now() / 1000));
  const app = gatewayApp({
    escrow,
    account: settings.runner,
    token,
    hostingFeeBps: settings.hostingFeeBps,
    composables,
    book,
    chain: reader,
    checkSession: sessionChecker({ escrow, runner: settings.runner.address, now, client }),
    now,
    recordsDir,
  });
  const server = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host });
  await new Promise((resolve) => server.once("listening", resolve));
  log("listening", { url: `http://${settings.host}:${settings.port}`, runner: settings.runner.address, token });

  const wallet = walletClientOf(chainId, settings.rpcUrl, settings.runner);
  let redeeming: Promise<void> = Promise.resolve();
  const timer =
    settings.redeemIntervalMs === 0
      ? undefined
      : setInterval(() => {
          redeeming = redeeming
            .then(async () => {
              const round = await redeemVouchers(book, { publicClient: client, walletClient: wallet, escrow });
              for (const redemption of round) log("refused" in redemption ? "redeem-refused" : "redeemed", redemption);
              const currentPeriod = now() / (await reader.periodLength());
              const chain = { publicClient: client, walletClient: wallet, escrow, runner: settings.runner.address };
              const where = { recordsDir, publicUrl: settings.publicUrl, currentPeriod };
              for (const anchoring of await anchorPeriods(book, chain, where)) {
                log("refused" in anchoring ? "anchor-refused" : "anchored", anchoring);
              }
            })
            .catch((error: unknown) => {
              log("redeem-failed", { message: (error as Error).message });
            });
        }, settings.redeemIntervalMs);

  const stop = async () => {
    if (timer !== undefined) clearInterval(timer);
    await redeeming.catch(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    for (const { runner } of composables.values()) await runner.close();
    book.close();
    log("stopped");
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: ${(error as Error).message}\n`);
  process.exit(1);
});
