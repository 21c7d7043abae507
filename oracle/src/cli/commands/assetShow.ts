/** `ccn asset show <id>`: an asset as the registry has it now. */
import { decimal, MAX_UINT64 } from "@coherence/protocol";

import { type AssetRecord, readAsset } from "../../actions/assetRecord.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork } from "../network.ts";
import { configOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["asset", "show"],
  summary: "show an asset: owner, content hash, kind, URI, lineage, verification, rate card",
  positionals: [{ name: "asset", value: "id", help: "the asset's id", schema: decimal({ max: MAX_UINT64 }) }],
  options: { ...configOption },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<AssetRecord> {
  const network = await openNetwork(args.config, context.env);
  return readAsset(network.client, network.deployment, args.asset);
}

export function output(a: AssetRecord): CommandOutput {
  const lineage = a.parents.map((p) => `asset ${p.assetId} ${p.weightBps / 100}%`).join(", ") || "none";
  return {
    json: a,
    text: [
      `asset ${a.id} (${a.kind}): ${a.uri || "no URI"}`,
      `  owner ${a.owner}${a.verified ? ", verified author" : ""}`,
      `  content hash ${a.contentHash}`,
      `  parents ${lineage} (upstream share ${a.upstreamShareBps / 100}%)`,
      `  rate card ${a.rateCardHash ?? "none published"}`,
    ],
  };
}
