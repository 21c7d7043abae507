/**
 * `ccn asset register <bundle> --uri URI [--authorship STATEMENT]`: registers a composable from its bundle manifest
 * (as its owner); with a verifier's statement (`ccn authorship sign --bundle`), bound to its author in the same flow.
 */
import { bundleManifestSchema } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { type RegisteredBundle, registerBundle } from "../../actions/registerBundle.ts";
import { readAuthorshipFile } from "../../operator/authorship.ts";
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
    authorship: {
      type: "string",
      value: "STATEMENT",
      help: "a verifier's statement that this key wrote the content (ccn authorship sign --bundle): marks the asset verified, or takes it back from whoever registered the content first",
    },
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<RegisteredBundle> {
  if (args.uri === undefined) throw new UsageError("missing --uri URI");
  // The manifest and its content are checked before the network is opened.
  const manifest = await readJsonFile(bundleManifestSchema, args.bundle);
  const authorship =
    args.authorship === undefined
      ? undefined
      : { statement: await readAuthorshipFile(args.authorship), file: args.authorship };
  const network = await openNetwork(args.config, context.env);
  const clients = await accountClients(network, context.env);
  return registerBundle({
    ...clients,
    deployment: network.deployment,
    manifestFile: args.bundle,
    manifest,
    uri: args.uri,
    authorship,
  });
}

export function output(a: RegisteredBundle): CommandOutput {
  const lineage = a.parents.map((p) => `asset ${p.assetId} ${p.weightBps / 100}%`).join(", ") || "no parents";
  const reclaimed = a.authorship?.status === "reclaimed";
  return {
    json: a,
    text: [
      reclaimed
        ? `took back asset ${a.assetId} from ${a.authorship!.previousOwner}, who registered its content first (tx ${a.transactionHash})`
        : `registered asset ${a.assetId} (tx ${a.transactionHash})`,
      `  content hash ${a.contentHash} over ${a.files} file(s); ${lineage}`,
      a.authorship === undefined
        ? `  a verifier binds your authorship: ccn authorship sign --asset ${a.assetId} --author <you>, then ccn authorship claim`
        : `  authorship verified: ${a.authorship.author}${reclaimed ? "" : ` (tx ${a.authorship.transactionHash})`}`,
    ],
  };
}
