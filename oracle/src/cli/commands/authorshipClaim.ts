/**
 * `ccn authorship claim STATEMENT [--parents ID:BPS,…]`: the author submits a verifier's statement. An author who
 * owns the asset has it marked verified; one whose content someone else registered first takes it back, with the
 * lineage given here.
 */
import { InvalidArgumentError, MAX_PARENTS, string, transform } from "@coherence/protocol";

import { type ClaimAuthorshipOutcome, claimAuthorship, readAuthorshipFile } from "../../operator/authorship.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { accountClients, openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, configOption } from "../sharedParameters.ts";

/** `3:1500,7:500`: parent asset ids and their edge weights in basis points. */
const parentsList = transform(string({ pattern: /^\d+:\d+(,\d+:\d+)*$/, expected: "ID:BPS pairs, comma-separated" }), {
  decode: (text) =>
    text.split(",").map((pair) => {
      const [assetId, weightBps] = pair.split(":");
      return { assetId: BigInt(assetId!), weightBps: Number(weightBps) };
    }),
  encode: (parents) => parents.map((p) => `${p.assetId}:${p.weightBps}`).join(","),
});

export const parameters = {
  words: ["authorship", "claim"],
  summary: "as the author, have an asset verified, or take back one registered first by someone else",
  positionals: [{ name: "statement", value: "authorship.json", help: "the file `ccn authorship sign` wrote" }],
  options: {
    parents: {
      type: "string",
      value: "ID:BPS,…",
      help: "the lineage of a reclaimed asset: parents registered before it, with their weights (default: none)",
      schema: parentsList,
    },
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export async function run(
  args: Arguments<typeof parameters>,
  context: CommandContext,
): Promise<ClaimAuthorshipOutcome> {
  const parents = args.parents ?? [];
  if (parents.length > MAX_PARENTS) throw new InvalidArgumentError(`At most ${MAX_PARENTS} parents.`);
  const network = await openNetwork(args.config, context.env);
  const { publicClient, walletClient } = await accountClients(network, context.env);
  return claimAuthorship({
    publicClient,
    walletClient,
    deployment: network.deployment,
    statement: await readAuthorshipFile(args.statement),
    parents,
  });
}

export function output(outcome: ClaimAuthorshipOutcome): CommandOutput {
  return {
    json: outcome,
    text: [
      outcome.status === "verified"
        ? `asset ${outcome.assetId}: ${outcome.author} is its verified author (tx ${outcome.transactionHash})`
        : `asset ${outcome.assetId}: taken back from ${outcome.previousOwner} by its verified author ${outcome.author} (tx ${outcome.transactionHash})`,
    ],
  };
}
