/**
 * `ccn slice verify <slice.json> --manifest-hash 0x…`: checks an account's slice offline against the manifest hash
 * an epoch committed on-chain (every chunk's proof, the chunk index, that everything its leaves cite is shown whole,
 * every leaf's payout proof against the epoch's payout root) and prints the leaves it proves; exits 1 with the
 * reason when it does not verify.
 */
import { readFile } from "node:fs/promises";
import { bytes32, type Hex, SliceError, verifySlice } from "@coherence/protocol";

import { keccak256 } from "../../merkle/keccak.ts";
import { type Arguments, type CommandOutput, type CommandParameters, UsageError } from "../command.ts";
import { checkedAddress } from "../sharedParameters.ts";

export const parameters = {
  words: ["slice", "verify"],
  summary: "check an account's manifest slice offline against the epoch's on-chain manifest hash",
  positionals: [{ name: "slice", value: "slice.json", help: "the slice (coherence-manifest-slice-v1)" }],
  options: {
    "manifest-hash": {
      type: "string",
      value: "0x…",
      help: "the epoch's manifestHash as the chain recorded it; required",
      schema: bytes32(),
    },
    account: { type: "string", value: "0x…", help: "the account the slice must be of", schema: checkedAddress },
  },
  environment: [],
} as const satisfies CommandParameters;

export type SliceVerifyResult = {
  file: string;
  valid: boolean;
  /** Why it does not verify: the SliceError's code and message. */
  problem: { code: string; message: string } | null;
  account: string | null;
  epoch: bigint | null;
  payoutRoot: Hex | null;
  leaves: { token: string; amount: bigint; cumulative: bigint; previous: bigint; proofLength: number }[];
};

export async function run(args: Arguments<typeof parameters>): Promise<SliceVerifyResult> {
  const manifestHash = args["manifest-hash"];
  if (manifestHash === undefined) throw new UsageError("missing --manifest-hash 0x…");
  const bytes = await readFile(args.slice);
  const base = { file: args.slice, account: null, epoch: null, payoutRoot: null, leaves: [] };
  try {
    const slice = await verifySlice(bytes, { manifestHash, account: args.account }, { keccak256 });
    return {
      ...base,
      valid: true,
      problem: null,
      account: slice.account,
      epoch: slice.header.epoch.number,
      payoutRoot: slice.header.epoch.payoutRoot,
      leaves: slice.leaves.map((l) => ({
        token: l.token,
        amount: l.amount,
        cumulative: l.cumulative,
        previous: l.previous,
        proofLength: l.proof.length,
      })),
    };
  } catch (error) {
    if (!(error instanceof SliceError)) throw error;
    return { ...base, valid: false, problem: { code: error.code, message: error.shortMessage } };
  }
}

export function output(result: SliceVerifyResult): CommandOutput {
  return {
    json: result,
    text: result.valid
      ? [
          `${result.file}: ${result.account} in epoch ${result.epoch}, proven against the manifest hash (payout root ${result.payoutRoot}):`,
          ...(result.leaves.length === 0 ? ["  no leaves: nothing was ever allocated to this account"] : []),
          ...result.leaves.map(
            (l) =>
              `  ${l.token}: ${l.amount} this epoch, cumulative ${l.cumulative} (previously ${l.previous}); payout proof of ${l.proofLength} node(s) verifies`,
          ),
        ]
      : [`${result.file} does NOT verify (${result.problem!.code}): ${result.problem!.message}`],
    exitCode: result.valid ? 0 : 1,
  };
}
