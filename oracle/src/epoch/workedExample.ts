/**
 * The epoch of oracle/docs/worked-example.md, computed by hand there: a small
 * lineage over three levels, five contributions, two tokens, previous totals.
 * Its test (workedExample.test.ts) checks every number; demos may reuse it.
 */
import { DEFAULT_MULTIPLIER } from "./multiplier.ts";
import type { EpochInput } from "./types.ts";

/** An address of one repeated byte. */
const rep = (hex: string): `0x${string}` => `0x${hex.repeat(20)}`;
export const ALICE = rep("11");
export const BOB = rep("22");
export const CAROL = rep("33");
export const DAVE = rep("44");
export const EVE = rep("ee");
export const TREASURY = rep("77");
export const U = rep("55");
export const W = rep("66");
/** A bytes32 holding the number `n`: contribution ids 1..5 and stand-in metric hashes. */
export const bytes32 = (n: number): `0x${string}` => `0x${n.toString(16).padStart(64, "0")}`;

/** The inputs of the worked example. */
export const WORKED_EXAMPLE: EpochInput = {
  assets: [
    { id: 1n, parents: [] },
    { id: 2n, parents: [{ assetId: 1n, weightBps: 2000 }] },
    {
      id: 3n,
      parents: [
        { assetId: 1n, weightBps: 1000 },
        { assetId: 2n, weightBps: 3000 },
      ],
    },
    { id: 4n, parents: [{ assetId: 3n, weightBps: 5000 }] },
    { id: 5n, parents: [] },
  ],
  contributions: [
    {
      id: bytes32(1),
      assetId: 1n,
      contributor: ALICE,
      laborMicroUsd: 1_000_000n,
      toolsMicroUsd: 0n,
      computeMicroUsd: 0n,
    },
    {
      id: bytes32(2),
      assetId: 1n,
      contributor: BOB,
      laborMicroUsd: 1_500_000n,
      toolsMicroUsd: 300_000n,
      computeMicroUsd: 200_000n,
    },
    {
      id: bytes32(3),
      assetId: 2n,
      contributor: CAROL,
      laborMicroUsd: 400_000n,
      toolsMicroUsd: 50_000n,
      computeMicroUsd: 50_000n,
    },
    {
      id: bytes32(4),
      assetId: 2n,
      contributor: ALICE,
      laborMicroUsd: 500_000n,
      toolsMicroUsd: 0n,
      computeMicroUsd: 0n,
    },
    {
      id: bytes32(5),
      assetId: 3n,
      contributor: DAVE,
      laborMicroUsd: 1_000_000n,
      toolsMicroUsd: 0n,
      computeMicroUsd: 0n,
    },
  ],
  scores: [
    { contributionId: bytes32(1), coherenceBps: 8200, metricsHash: bytes32(0x101) },
    { contributionId: bytes32(2), coherenceBps: 5000, metricsHash: bytes32(0x102) },
    { contributionId: bytes32(3), coherenceBps: 10000, metricsHash: bytes32(0x103) },
    { contributionId: bytes32(4), coherenceBps: 0, metricsHash: bytes32(0x104) },
    { contributionId: bytes32(5), coherenceBps: 6000, metricsHash: bytes32(0x105) },
  ],
  revenue: [
    { assetId: 1n, token: U, amount: 100n },
    { assetId: 2n, token: U, amount: 401n },
    { assetId: 3n, token: U, amount: 1000n },
    { assetId: 4n, token: U, amount: 1000n },
    { assetId: 5n, token: U, amount: 50n },
    { assetId: 2n, token: W, amount: 998n },
    { assetId: 3n, token: W, amount: 5n },
  ],
  previous: [
    { account: BOB, token: U, amount: 1000n },
    { account: EVE, token: W, amount: 42n },
  ],
  config: { multiplier: DEFAULT_MULTIPLIER, treasury: TREASURY },
};
