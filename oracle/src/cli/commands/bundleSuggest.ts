/**
 * `ccn bundle suggest [dir] --assets FILE`: suggests a composable's parents among the registered assets, with
 * weights from how many of its files import each (oracle/docs/bundles.md has the rule), the files for every
 * weight, and every dependency that got none with the reason. `--sbom FILE` also writes the lineage as a
 * CycloneDX SBOM. The owner edits the suggestion into the bundle manifest's `parents`.
 */
import { writeFile } from "node:fs/promises";

import { BPS, integerText, jsonText } from "@coherence/protocol";

import { lineageSbom } from "../../bundle/lineageSbom.ts";
import { readRegisteredAssets } from "../../bundle/registeredAssets.ts";
import { type LineageSuggestion, suggestLineage } from "../../bundle/suggestLineage.ts";
import { type Arguments, type CommandOutput, type CommandParameters, UsageError } from "../command.ts";

/** The upstream share suggested when the owner names none: a fifth of revenue to what the composable is built on. */
const DEFAULT_UPSTREAM_BPS = 2000;

export const parameters = {
  words: ["bundle", "suggest"],
  summary: "suggest a composable's parents and their weights from what its code imports",
  positionals: [
    { name: "directory", value: "dir", help: "the composable's directory (default: the current one)", optional: true },
  ],
  options: {
    assets: {
      type: "string",
      value: "FILE",
      help: 'the registered assets, { "assets": [{ "assetId", "bundle" }] } with bundle manifests relative to it; required',
    },
    "upstream-bps": {
      type: "string",
      value: "BPS",
      help: `the parents' share of revenue together, split among them (default ${DEFAULT_UPSTREAM_BPS}: 20%)`,
      schema: integerText({ max: BPS }),
    },
    sbom: {
      type: "string",
      value: "FILE",
      help: "also write the lineage as a CycloneDX 1.5 JSON SBOM, the parents as its pedigree's ancestors",
    },
  },
  environment: [],
} as const satisfies CommandParameters;

const ORIGIN_WORDS: Readonly<Record<LineageSuggestion["sourceFiles"]["origin"], string>> = {
  "bundle manifest": "its bundle manifest's content",
  git: "the files git lists in its directory",
  directory: "its directory, but node_modules and hidden ones",
};

export type BundleSuggestResult = LineageSuggestion & { sbom: string | undefined };

export async function run(args: Arguments<typeof parameters>): Promise<BundleSuggestResult> {
  if (args.assets === undefined) throw new UsageError("missing --assets FILE");
  const assets = await readRegisteredAssets(args.assets);
  const suggestion = await suggestLineage({
    directory: args.directory ?? ".",
    assets,
    upstreamBps: args["upstream-bps"] ?? DEFAULT_UPSTREAM_BPS,
  });
  if (args.sbom !== undefined) await writeFile(args.sbom, lineageSbom(suggestion, assets));
  return { ...suggestion, sbom: args.sbom };
}

export function output(result: BundleSuggestResult): CommandOutput {
  const { composable, upstreamBps, sourceFiles, parents } = result;
  const manifestParents = parents.map(({ assetId, weightBps }) => ({ assetId, weightBps }));
  return {
    json: result,
    text: [
      `${composable.name}: ${upstreamBps} bps upstream, weighed over ${sourceFiles.count} source files (${ORIGIN_WORDS[sourceFiles.origin]})`,
      ...(parents.length === 0 ? ["  no dependency imported by its files is a registered asset"] : []),
      ...parents.flatMap((p) => [
        `  asset ${p.assetId} (${p.name}): ${p.weightBps} bps, imported by ${p.files.length} file(s) through ${p.dependencies.map(dependencyWords).join(", ")}`,
        ...p.files.map((file) => `      ${file}`),
      ]),
      ...result.unweighted.map((u) => `  asset ${u.assetId} (${u.name}): no weight, ${u.reason}`),
      ...result.unmapped.map((d) => `  not an asset: ${dependencyWords(d)}, ${d.files.length} file(s): ${d.reason}`),
      ...result.ignored.map((d) => `  not lineage: ${d.name}, ${d.files.length} file(s): ${d.reason}`),
      `the bundle manifest's parents, to edit: ${jsonText(manifestParents)}`,
      ...(result.sbom !== undefined ? [`wrote the lineage SBOM (CycloneDX 1.5) to ${result.sbom}`] : []),
    ],
  };
}

function dependencyWords(d: { name: string; version: string | undefined; matchedBy?: string }): string {
  return `${d.name}${d.version !== undefined ? `@${d.version}` : ""}${d.matchedBy !== undefined ? ` (by ${d.matchedBy})` : ""}`;
}
