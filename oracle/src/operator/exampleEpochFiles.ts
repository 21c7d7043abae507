/** A proposal and a signature of the shapes operators exchange, for the tests of reading and writing them. */
import type { EpochProposal } from "@coherence/protocol";

import type { QuorumSignature } from "./epochFiles.ts";

export const exampleProposal: EpochProposal = {
  epoch: 3n,
  fromBlock: 120n,
  toBlock: 245n,
  payoutRoot: `0x${"1a".repeat(32)}`,
  scoresRoot: `0x${"2b".repeat(32)}`,
  manifestHash: `0x${"3c".repeat(32)}`,
  tokens: [`0x${"4d".repeat(20)}`, `0x${"5e".repeat(20)}`],
  // Beyond 2^53, as token amounts are: the files must carry them exactly.
  totals: [10n ** 24n, 7n],
};

export const exampleSignature: QuorumSignature = {
  signer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  r: `0x${"6f".repeat(32)}`,
  vs: `0x${"70".repeat(32)}`,
};
