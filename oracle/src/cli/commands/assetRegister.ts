/** `ccn asset register <bundle> --uri URI`: registers a composable from its bundle manifest (as its owner). */
import { bundleManifestSchema } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { type RegisteredBundle, registerBundle } from "../../actions/registerBundle.ts";
import {
  type Arguments,
  type CommandContext,
  type CommandOutput,
  type CommandParameters,
  UsageError,
} from "../command.ts";
import { accountClients, openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, configOption } from "../sharedParameters.ts";

export const parameters = {
  words: ["asset", "register"],
  summary: "register a composable from its bundle manifest: content hashed, parents checked",
  positionals: [{ name: "bundle", value: "coherence.bundle.json", help: "the composable's bundle manifest" }],
  options: {
    uri: { type: "string", value: "URI", help: "where its bundle manifest is published (its token URI); required" },
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<RegisteredBundle> {
  if (args.uri === undefined) throw new UsageError("missing --uri URI");
  // The manifest and its content are checked before the network is opened.
  const manifest = await readJsonFile(bundleManifestSchema, args.bundle);
  const network = await openNetwork(args.config, context.env);
  const clients = await accountClients(network, context.env);
  return registerBundle({
    ...clients,
    deployment: network.deployment,
    manifestFile: args.bundle,
    manifest,
    uri: args.uri,
  });
}

export function output(a: RegisteredBundle): CommandOutput {
  const lineage = a.parents.map((p) => `asset ${p.assetId} ${p.weightBps / 100}%`).join(", ") || "no parents";
  return {
    json: a,
    text: [
      `registered asset ${a.assetId} (tx ${a.transactionHash})`,
      `  content hash ${a.contentHash} over ${a.files} file(s); ${lineage}`,
      `  a verifier binds your authorship: ccn authorship sign --asset ${a.assetId} --author <you>, then ccn authorship claim`,
    ],
  };
}
