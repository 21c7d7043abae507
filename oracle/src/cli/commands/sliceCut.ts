/**
 * `ccn slice cut <account>`: cuts an account's slice of a finalised epoch's published v3 manifest (its leaves,
 * explanations and the inputs they cite, with proofs), checked against the manifest hash on-chain, and writes it to
 * `--out` or stdout: what the claims API serves and `ccn slice verify` checks.
 */
import { writeFile } from "node:fs/promises";

import { finalisedEpoch } from "../../audit/finalisedEpoch.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork } from "../network.ts";
import { accountArgument, configOption, finalisedEpochOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["slice", "cut"],
  summary: "cut an account's slice (its leaves and what they cite, with proofs) of a finalised epoch's manifest",
  positionals: [accountArgument],
  options: {
    ...finalisedEpochOption,
    out: { type: "string", value: "FILE", help: "where to write the slice (default: stdout)" },
    ...configOption,
  },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

export type SliceCutResult = {
  account: string;
  epoch: bigint;
  manifestHash: `0x${string}`;
  file: string | null;
  bytes: number;
  chunks: number;
  leaves: number;
  slice: string;
};

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<SliceCutResult> {
  const { client, deployment, published } = await openNetwork(args.config, context.env);
  const epoch = await finalisedEpoch({ client, deployment, epoch: args.epoch });
  const cut = await published.slice(epoch.epoch, epoch.manifestHash, args.account);
  if (args.out !== undefined) await writeFile(args.out, cut.text);
  return {
    account: args.account.toLowerCase(),
    epoch: epoch.epoch,
    manifestHash: epoch.manifestHash,
    file: args.out ?? null,
    bytes: Buffer.byteLength(cut.text),
    chunks: cut.chunks.length,
    leaves: cut.leaves,
    slice: cut.text,
  };
}

export function output(result: SliceCutResult): CommandOutput {
  const { slice, ...summary } = result;
  return {
    json: summary,
    text:
      result.file === null
        ? [slice.slice(0, -1)]
        : [
            `${result.file}: ${result.account} in epoch ${result.epoch}: ${result.leaves} leaf(s), ${result.chunks} chunk(s), ${result.bytes} bytes (manifest ${result.manifestHash})`,
          ],
  };
}
