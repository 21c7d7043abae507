/**
 * `ccn cost publish <file>...`: publishes cost reports and rate cards where every oracle reads them, beside the
 * config's published manifests (`<manifests>/costs/<hash>.json`), each checked against its format first. An
 * attestation binds a report by this hash; an owner names a rate card on-chain by it (`setRateCard`).
 */
import {
  COST_REPORT_FORMAT,
  costReportSchema,
  type JsonValue,
  parse,
  RATE_CARD_FORMAT,
  rateCardSchema,
} from "@coherence/protocol";
import { InputFileError } from "@coherence/protocol/node";

import { CostStore } from "../../costs/costStore.ts";
import { readCostJson } from "../../costs/readCostFile.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { readOracleConfig } from "../oracleConfig.ts";
import { configOption, NETWORK_ENVIRONMENT } from "../sharedParameters.ts";

export const parameters = {
  words: ["cost", "publish"],
  summary: "publish cost reports and rate cards beside the manifests, by their hash",
  positionals: [
    {
      name: "files",
      value: "file...",
      help: "cost reports (coherence-cost-report-v1) and rate cards (coherence-rate-card-v1)",
      variadic: true,
    },
  ],
  options: { ...configOption },
  environment: NETWORK_ENVIRONMENT,
} as const satisfies CommandParameters;

export type CostPublishResult = { published: { file: string; format: string; hash: `0x${string}`; path: string }[] };

/** The canonical form of a valid cost report or rate card, decoded and encoded again; anything else is refused. */
function canonicalDocument(file: string, json: unknown): { format: string; json: JsonValue } {
  const format = (json as { format?: unknown } | null)?.format;
  const where = { source: file };
  if (format === COST_REPORT_FORMAT)
    return { format, json: costReportSchema.encode(parse(costReportSchema, json, where)) as JsonValue };
  if (format === RATE_CARD_FORMAT)
    return { format, json: rateCardSchema.encode(parse(rateCardSchema, json, where)) as JsonValue };
  throw new InputFileError(
    file,
    `is neither a ${COST_REPORT_FORMAT} nor a ${RATE_CARD_FORMAT} (its format is ${JSON.stringify(format)})`,
  );
}

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<CostPublishResult> {
  const config = await readOracleConfig(args.config ?? context.env.CCN_CONFIG ?? "ccn.config.json", context.env);
  const store = CostStore.beside(config.manifestsDir);
  // Every file is checked before any is published, so a bad one in the list publishes nothing.
  const documents = await Promise.all(
    args.files.map(async (file) => ({ file, ...canonicalDocument(file, await readCostJson(file)) })),
  );
  const published = [];
  for (const { file, format, json } of documents) {
    const hash = await store.put(json);
    published.push({ file, format, hash, path: store.pathOf(hash) });
  }
  return { published };
}

export function output(result: CostPublishResult): CommandOutput {
  return {
    json: result,
    text: result.published.map((p) => `published ${p.file} (${p.format}) as ${p.hash}: ${p.path}`),
  };
}
