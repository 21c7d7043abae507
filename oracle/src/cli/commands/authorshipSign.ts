/**
 * `ccn authorship sign --asset ID --author ADDRESS`: a verifier states that an address wrote an asset's content
 * (after checking it, for example the repository's owner-signed opt-in file), and writes the statement file the
 * author submits with `ccn authorship claim`.
 */
import path from "node:path";
import { decimal, InvalidArgumentError, integerText, MAX_UINT64 } from "@coherence/protocol";
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
    asset: { type: "string", value: "ID", help: "the asset (required)", schema: decimal({ max: MAX_UINT64 }) },
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
  if (args.asset === undefined || args.author === undefined) {
    throw new InvalidArgumentError("--asset and --author are required.");
  }
  const network = await openNetwork(args.config, context.env);
  const statement = await signAssetAuthorship({
    publicClient: network.client,
    verifier: await loadAccount(context.env, ACCOUNT_KEY),
    deployment: network.deployment,
    assetId: args.asset,
    author: args.author,
    validFor: BigInt(args["valid-for"] ?? DEFAULT_VALIDITY),
  });
  const file = path.resolve(args.out ?? `authorship-${statement.assetId}.json`);
  await writeAuthorshipFile(file, statement);
  return { statement, file };
}

export function output(result: AuthorshipSignResult): CommandOutput {
  const { statement } = result;
  return {
    json: result,
    text: [
      `asset ${statement.assetId}: ${statement.verifier} states ${statement.author} is its author, until ${statement.deadline}`,
      `wrote ${result.file}; the author submits it with \`ccn authorship claim ${path.basename(result.file)}\``,
    ],
  };
}
