/**
 * `npm start`'s revenue from use: the demo's runnable composables (bigint-math's `splitExact`, wallet-ui's
 * `formatAmount`) served by the metering gateway. Their owners choose the local runner (Hardhat account 0, the
 * deployer, which has no other role) and publish terms (0.01 dUSD a call after 3 free calls a period); acme
 * deposits dUSD in the MeteringEscrow and calls both through the payer's client, which counter-signs each paid
 * call's voucher; the gateway redeems them, so the asset's revenue from use reaches the pool (and flows through
 * fee, reserve, pool and lineage) before the next epoch (./usageEpoch.ts).
 */
import path from "node:path";

import { type ManagedProcess, REPOSITORY_ROOT, startProcess, waitFor } from "@coherence/devnet";
import { payerClient } from "@coherence/gateway";
import { HARDHAT_MNEMONIC, walletClientOf } from "@coherence/oracle";
import { type Deployment, demoTokenAbi, meteringEscrowAbi } from "@coherence/protocol";
import { sendContract } from "@coherence/protocol/actions";
import type { Address, LocalAccount, PublicClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";

export const RUNNABLE_DEMO_ASSETS = ["bigint-math", "wallet-ui"] as const;
const PRICE = 10_000n; // 0.01 dUSD, at 6 decimals.
const FREE_CALLS = 3n;
const CALLS = 6;

export type MeteringDemo = {
  readonly gateway: ManagedProcess;
  readonly url: string;
  readonly runner: Address;
  /** The token acme pays in (dUSD). */
  readonly token: Address;
  /** Per runnable asset: its id and what its channel with acme redeemed on-chain. */
  readonly assets: readonly { key: string; assetId: bigint; calls: number; redeemed: bigint }[];
};

export async function startMeteringDemo(parameters: {
  readonly publicClient: PublicClient;
  readonly deployment: Deployment;
  readonly rpcUrl: string;
  readonly deploymentsDir: string;
  readonly assets: Record<string, bigint>;
  readonly owners: ReadonlyMap<string, LocalAccount>;
  readonly payer: LocalAccount;
  readonly port: number;
  readonly dir: string;
  readonly logFile: string;
}): Promise<MeteringDemo> {
  const { publicClient, deployment, rpcUrl } = parameters;
  const escrowAddress = deployment.contracts.MeteringEscrow?.address;
  if (escrowAddress === undefined) throw new Error("the deployment has no MeteringEscrow");
  const escrow = { chainId: deployment.chainId, address: escrowAddress };
  const token = deployment.tokens.find((t) => t.symbol === "dUSD")!.address;
  const runner = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 0 });
  const send = (
    account: LocalAccount,
    address: Address,
    abi: typeof meteringEscrowAbi | typeof demoTokenAbi,
    functionName: string,
    args: readonly unknown[],
  ) =>
    sendContract({
      publicClient,
      walletClient: walletClientOf(deployment.chainId, rpcUrl, account),
      address,
      abi,
      functionName,
      args,
    } as never);

  const served = RUNNABLE_DEMO_ASSETS.map((key) => {
    const assetId = parameters.assets[key];
    const owner = parameters.owners.get(key);
    if (assetId === undefined || owner === undefined) throw new Error(`the scenario registered no ${key}`);
    return { key, assetId, owner };
  });
  for (const { assetId, owner } of served) {
    await send(owner, escrowAddress, meteringEscrowAbi, "setRunner", [assetId, runner.address, true]);
    await send(owner, escrowAddress, meteringEscrowAbi, "setTerms", [
      assetId,
      token,
      { pricePerUnit: PRICE, freeUnitsPerPeriod: FREE_CALLS },
    ]);
  }
  const { payer } = parameters;
  await send(payer, token, demoTokenAbi, "mint", [payer.address, 1_000n * PRICE]);
  await send(payer, token, demoTokenAbi, "approve", [escrowAddress, 1_000n * PRICE]);
  await send(payer, escrowAddress, meteringEscrowAbi, "deposit", [token, 1_000n * PRICE]);

  const gateway = startProcess({
    name: "gateway",
    command: process.execPath,
    args: [path.join(REPOSITORY_ROOT, "gateway", "src", "cli", "gateway.ts")],
    cwd: REPOSITORY_ROOT,
    logFile: parameters.logFile,
    env: {
      ...process.env,
      CCN_RPC_URL: rpcUrl,
      CCN_DEPLOYMENTS_DIR: parameters.deploymentsDir,
      CCN_GATEWAY_PRIVATE_KEY: `0x${Buffer.from(runner.getHdKey().privateKey!).toString("hex")}`,
      CCN_GATEWAY_COMPOSABLES: served
        .map(
          ({ key, assetId }) =>
            `${assetId}=${path.join(REPOSITORY_ROOT, "scenarios", "demo", key, "coherence.bundle.json")}`,
        )
        .join(","),
      CCN_GATEWAY_TOKEN: "dUSD",
      CCN_GATEWAY_PORT: String(parameters.port),
      CCN_GATEWAY_DIR: parameters.dir,
      CCN_GATEWAY_REDEEM_INTERVAL_MS: "1000",
    },
  });
  const url = `http://127.0.0.1:${parameters.port}`;
  await waitFor(
    "the metering gateway to answer",
    async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok || undefined,
    { timeoutMs: 60_000, process: gateway },
  );

  const client = payerClient({
    url,
    account: payer,
    escrow,
    runner: runner.address,
    token,
    publicClient,
    now: () => BigInt(Math.floor(Date.now() / 1000)),
  });
  const inputs = {
    "bigint-math": (i: number) => ({ amount: String(1_000_000 + i), weights: [5, 3, 2] }),
    "wallet-ui": (i: number) => ({ amount: String(1_234_567_890 + i), decimals: 6, digits: 2 }),
  };
  const assets = [];
  for (const { key, assetId } of served) {
    let lastNonce = 0n;
    for (let i = 0; i < CALLS; i++) {
      const { voucher } = await client.call(assetId, inputs[key](i));
      if (voucher !== undefined) lastNonce = voucher.nonce;
    }
    // The gateway redeems its vouchers every second: wait until the last one reached the chain.
    const redeemed = await waitFor(
      `the gateway to redeem ${key}'s vouchers`,
      async () => {
        const channel = (await publicClient.readContract({
          address: escrowAddress,
          abi: meteringEscrowAbi,
          functionName: "channelOf",
          args: [payer.address, runner.address, assetId, token],
        })) as { nonce: bigint; amount: bigint };
        return BigInt(channel.nonce) >= lastNonce ? BigInt(channel.amount) : undefined;
      },
      { timeoutMs: 60_000, process: gateway },
    );
    assets.push({ key, assetId, calls: CALLS, redeemed });
  }
  return { gateway, url, runner: runner.address, token, assets };
}
