/**
 * `ccn bundle init <dir> --template ts-library|solidity-contract --name N --repository URL`: scaffolds a new
 * composable in a new or empty directory, with its bundle manifest pre-filled, a source file and a test in place
 * (oracle/src/bundle/bundleTemplates.ts), and prints its content hash.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

import {
  BUNDLE_MANIFEST_FILE,
  bundleManifestSchema,
  type Hex,
  InvalidArgumentError,
  oneOf,
  parse,
} from "@coherence/protocol";

import { bundleContent } from "../../bundle/bundleContent.ts";
import { contractNameOf, TEMPLATE_NAMES, type TemplateName, templateFiles } from "../../bundle/bundleTemplates.ts";
import { type Arguments, type CommandOutput, type CommandParameters, UsageError } from "../command.ts";

export const parameters = {
  words: ["bundle", "init"],
  summary: "scaffold a composable: its bundle manifest, a source file and a test",
  positionals: [{ name: "directory", value: "dir", help: "where to create it: a new or empty directory" }],
  options: {
    template: {
      type: "string",
      value: TEMPLATE_NAMES.join("|"),
      help: "a TypeScript library or a Solidity contract; required",
      schema: oneOf(TEMPLATE_NAMES),
    },
    name: {
      type: "string",
      value: "NAME",
      help: "its name (for ts-library, the npm package it is published as); required",
    },
    repository: {
      type: "string",
      value: "URL",
      help: "where its source lives; required",
      schema: bundleManifestSchema.fields.repository,
    },
    licence: {
      type: "string",
      value: "SPDX",
      help: "its SPDX licence identifier (default MIT)",
      schema: bundleManifestSchema.fields.licence,
    },
  },
  environment: [],
} as const satisfies CommandParameters;

export type BundleInitResult = { directory: string; template: TemplateName; files: string[]; contentHash: Hex };

export async function run(args: Arguments<typeof parameters>): Promise<BundleInitResult> {
  const { directory, template, name, repository } = args;
  if (template === undefined) throw new UsageError(`missing --template ${TEMPLATE_NAMES.join("|")}`);
  if (name === undefined) throw new UsageError("missing --name NAME");
  if (repository === undefined) throw new UsageError("missing --repository URL");
  if (template === "ts-library") {
    try {
      parse(bundleManifestSchema.fields.package, name, { path: ["--name"] });
    } catch (cause) {
      throw new UsageError((cause as Error).message, { cause });
    }
  }
  if (template === "solidity-contract" && contractNameOf(name) === undefined) {
    throw new UsageError(`--name: ${JSON.stringify(name)} gives no contract name (it must start with a letter)`);
  }
  const existing = await readdir(directory).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === "ENOENT") return [];
    throw new InvalidArgumentError(`${directory}: cannot be read (${cause.message})`, { cause });
  });
  if (existing.length > 0) {
    throw new InvalidArgumentError(`${directory}: is not empty; bundle init writes into a new or empty directory`);
  }
  const files = templateFiles(template, { name, repository, licence: args.licence ?? "MIT" });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
    await writeFile(path.join(directory, file), text);
  }
  const manifestFile = path.join(directory, BUNDLE_MANIFEST_FILE);
  const { contentHash } = await bundleContent(
    manifestFile,
    parse(bundleManifestSchema, JSON.parse(files[BUNDLE_MANIFEST_FILE]!)),
  );
  return { directory, template, files: Object.keys(files).sort(), contentHash };
}

export function output(result: BundleInitResult): CommandOutput {
  const test = result.template === "ts-library" ? "npm test" : "forge test (or hardhat test solidity)";
  return {
    json: result,
    text: [
      `created ${result.template} in ${result.directory}: ${result.files.join(", ")}`,
      `  content hash ${result.contentHash}`,
      `  next: ${test} in ${result.directory}; ccn bundle suggest ${result.directory} --assets FILE for its parents`,
    ],
  };
}
