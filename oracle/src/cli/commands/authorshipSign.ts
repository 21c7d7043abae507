/**
 * `ccn authorship sign --asset ID | --bundle MANIFEST --author ADDRESS`: a verifier states that an address wrote an
 * asset's content (after checking it, for example the repository's owner-signed opt-in file), and writes the
 * statement file the author submits with `ccn authorship claim`, or, for a bundle not registered yet, with
 * `ccn asset register --authorship`: the statement is about the content's hash, so it can come before the asset.
 */
import path from "node:path";
import { bundleManifestSchema, decimal, InvalidArgumentError, integerText, MAX_UINT64 } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { bundleContent } from "../../bundle/bundleContent.ts";
import { type AuthorshipFile, signAssetAuthorship, writeAuthorshipFile } from "../../operator/authorship.ts";
import { ACCOUNT_KEY, loadAccount } from "../../operator/keys.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, checkedAddress, configOption } from "../sharedParameters.ts";

/** A week: long enough to pass a statement on, short enough that a withdrawn verifier's statements lapse. */
const DEFAULT_VALIDITY = 7 * 24 * 3600;

export const parameters = {
  words: ["authorship", "sign"],
  summary: "as a verifier, sign that an address is the author of an asset's content",
  positionals: [],
  options: {
    asset: { type: "string", value: "ID", help: "the asset (or --bundle)", schema: decimal({ max: MAX_UINT64 }) },
    bundle: {
      type: "string",
      value: "MANIFEST",
      help: "a bundle manifest whose content is not registered yet (or --asset)",
    },
    author: { type: "string", value: "ADDRESS", help: "its author (required)", schema: checkedAddress },
    "valid-for": {
      type: "string",
      value: "SECONDS",
      help: `how long the statement stays valid (default ${DEFAULT_VALIDITY}, a week)`,
      schema: integerText({ min: 60 }),
    },
    out: { type: "string", value: "FILE", help: "where to write it (default: authorship-<asset>.json)" },
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export type AuthorshipSignResult = { statement: AuthorshipFile; file: string };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<AuthorshipSignResult> {
  if ((args.asset === undefined) === (args.bundle === undefined) || args.author === undefined) {
    throw new InvalidArgumentError("--author and one of --asset or --bundle are required.");
  }
  const subject =
    args.bundle === undefined
      ? { assetId: args.asset! }
      : {
          contentHash: (await bundleContent(args.bundle, await readJsonFile(bundleManifestSchema, args.bundle)))
            .contentHash,
        };
  const network = await openNetwork(args.config, context.env);
  const statement = await signAssetAuthorship({
    publicClient: network.client,
    verifier: await loadAccount(context.env, ACCOUNT_KEY),
    deployment: network.deployment,
    subject,
    author: args.author,
    validFor: BigInt(args["valid-for"] ?? DEFAULT_VALIDITY),
  });
  const file = path.resolve(args.out ?? `authorship-${statement.assetId ?? statement.contentHash.slice(0, 10)}.json`);
  await writeAuthorshipFile(file, statement);
  return { statement, file };
}

export function output(result: AuthorshipSignResult): CommandOutput {
  const { statement } = result;
  const subject = statement.assetId === undefined ? `content ${statement.contentHash}` : `asset ${statement.assetId}`;
  const submit =
    statement.assetId === undefined
      ? `ccn asset register <bundle> --authorship ${path.basename(result.file)}`
      : `ccn authorship claim ${path.basename(result.file)}`;
  return {
    json: result,
    text: [
      `${subject}: ${statement.verifier} states ${statement.author} is its author, until ${statement.deadline}`,
      `wrote ${result.file}; the author submits it with \`${submit}\``,
    ],
  };
}
