/**
 * What the gateway reads from the MeteringEscrow before serving a paid call: the asset's published terms, whether
 * this runner serves the asset, and the payer's escrow. Each answer is kept for `maxAgeMs` and read again in the
 * background past half of it (`maxAgeCache`), so a call costs a map lookup rather than an RPC round trip; a change
 * on-chain reaches the gateway within that age. A dead RPC is a
 * thrown error the server answers 503 with, never a zero read as "no escrow".
 */
import { meteringEscrowAbi } from "@coherence/protocol";
import type { Address, PublicClient } from "viem";

import type { Terms } from "../metering/charge.ts";
import { maxAgeCache } from "./maxAgeCache.ts";

export type EscrowReader = {
  terms(assetId: bigint, token: Address): Promise<Terms>;
  isRunner(assetId: bigint, runner: Address): Promise<boolean>;
  /** What the payer's escrow holds in `token`, a pending withdrawal included (a runner may still redeem it). */
  escrowOf(payer: Address, token: Address): Promise<bigint>;
  /** What the channel's redeemed vouchers paid so far: the asset's amount plus the runner's hosting fee. */
  redeemed(payer: Address, runner: Address, assetId: bigint, token: Address): Promise<bigint>;
  /** Seconds per period, fixed at deployment. */
  periodLength(): Promise<bigint>;
};

export function escrowReader(client: PublicClient, escrow: Address, maxAgeMs = 2_000): EscrowReader {
  const cached = maxAgeCache(maxAgeMs);
  const read = <T>(functionName: string, args: readonly unknown[]) =>
    client.readContract({ address: escrow, abi: meteringEscrowAbi, functionName, args } as never) as Promise<T>;

  return {
    terms: (assetId, token) =>
      cached(`terms:${assetId}:${token.toLowerCase()}`, async () => {
        const terms = await read<{ pricePerUnit: bigint; freeUnitsPerPeriod: bigint }>("termsOf", [assetId, token]);
        return { pricePerUnit: terms.pricePerUnit, freeUnitsPerPeriod: terms.freeUnitsPerPeriod };
      }),
    isRunner: (assetId, runner) =>
      cached(`runner:${assetId}:${runner.toLowerCase()}`, () => read<boolean>("isRunner", [assetId, runner])),
    escrowOf: (payer, token) =>
      cached(`escrow:${payer.toLowerCase()}:${token.toLowerCase()}`, async () => {
        const [balance] = await read<readonly [bigint, bigint, bigint]>("escrowOf", [payer, token]);
        return balance;
      }),
    redeemed: (payer, runner, assetId, token) =>
      cached(`redeemed:${payer.toLowerCase()}:${runner.toLowerCase()}:${assetId}:${token.toLowerCase()}`, async () => {
        const channel = await read<{ amount: bigint; hostingFee: bigint }>("channelOf", [
          payer,
          runner,
          assetId,
          token,
        ]);
        return channel.amount + channel.hostingFee;
      }),
    periodLength: () =>
      cached("periodLength", async () => BigInt(await read<number>("periodLength", [])), Number.POSITIVE_INFINITY),
  };
}
