/** `ccn asset set-uri <id> <uri>`: the owner points an asset at a new URI. */
import { decimal, MAX_UINT64 } from "@coherence/protocol";

import { setAssetUri } from "../../actions/assetRecord.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { accountClients, openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, configOption } from "../sharedParameters.ts";

export const parameters = {
  words: ["asset", "set-uri"],
  summary: "set an asset's URI (as its owner)",
  positionals: [
    { name: "asset", value: "id", help: "the asset's id", schema: decimal({ max: MAX_UINT64 }) },
    { name: "uri", value: "uri", help: "where its bundle manifest or metadata is" },
  ],
  options: { ...configOption },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export type SetUriResult = { asset: bigint; uri: string; transactionHash: `0x${string}` };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<SetUriResult> {
  const network = await openNetwork(args.config, context.env);
  const clients = await accountClients(network, context.env);
  const { transactionHash } = await setAssetUri({ ...clients, deployment: network.deployment }, args.asset, args.uri);
  return { asset: args.asset, uri: args.uri, transactionHash };
}

export function output(result: SetUriResult): CommandOutput {
  return { json: result, text: [`asset ${result.asset} now points at ${result.uri} (tx ${result.transactionHash})`] };
}
