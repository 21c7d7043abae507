/**
 * The runner anchoring its closed periods: for each period before the current one that has runs and no anchor
 * on-chain yet, the records file is written content-addressed (`<records dir>/<keccak256 of the file>.json`, served
 * by the gateway at `/v1/records/<hash>.json`) and its root and count are committed with `MeteringEscrow.anchor`.
 * Only closed periods are anchored, because a period is anchored once: a run after its anchor could never be
 * proven. A period the escrow refuses is reported and tried again next round.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import { periodRecords } from "@coherence/oracle";
import { meteringEscrowAbi } from "@coherence/protocol";
import { type Address, type Hex, keccak256, stringToBytes } from "viem";

import { type EscrowChain, sendToEscrow } from "../chain/sendToEscrow.ts";
import type { UsageBook } from "../metering/usageBook.ts";

export type Anchoring =
  | {
      readonly period: bigint;
      readonly root: Hex;
      readonly count: number;
      readonly uri: string;
      readonly transactionHash: Hex;
    }
  | { readonly period: bigint; readonly refused: string };

export async function anchorPeriods(
  book: UsageBook,
  chain: EscrowChain & {
    /** The walletClient's account: the runner whose periods these are. */
    readonly runner: Address;
  },
  where: { readonly recordsDir: string; readonly publicUrl: string; readonly currentPeriod: bigint },
): Promise<Anchoring[]> {
  const { publicClient, escrow, runner } = chain;
  const done: Anchoring[] = [];
  for (const period of book.periodsWithRuns()) {
    if (period >= where.currentPeriod) break;
    const anchored = (await publicClient.readContract({
      address: escrow.address,
      abi: meteringEscrowAbi,
      functionName: "anchorOf",
      args: [runner, period],
    })) as { root: Hex };
    if (BigInt(anchored.root) !== 0n) continue;
    const { root, count, file } = periodRecords(runner, period, book.runsOf(period));
    const name = `${keccak256(stringToBytes(file))}.json`;
    await mkdir(where.recordsDir, { recursive: true });
    const target = path.join(where.recordsDir, name);
    await writeFile(`${target}.partial`, file);
    await rename(`${target}.partial`, target);
    const uri = `${where.publicUrl}/v1/records/${name}`;
    const sent = await sendToEscrow(chain, "anchor", [period, root, count, uri]);
    done.push("refused" in sent ? { period, refused: sent.refused } : { period, root, count, uri, ...sent });
  }
  return done;
}
