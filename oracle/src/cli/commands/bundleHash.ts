/**
 * `ccn bundle hash <manifest>`: the content hash a bundle is registered with, computed from the content its
 * manifest declares (oracle/docs/bundles.md has the rule), and every file hashed. `--expect HASH` exits 1 unless
 * the content hashes to HASH: a bundle whose files changed since it was registered is named before anything else.
 */
import { type BundleFile, bundleManifestSchema, bytes32, type Hex } from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

import { bundleContent } from "../../bundle/bundleContent.ts";
import type { Arguments, CommandOutput, CommandParameters } from "../command.ts";

export const parameters = {
  words: ["bundle", "hash"],
  summary: "compute a bundle's content hash from its manifest; list the files hashed",
  positionals: [
    { name: "manifest", value: "coherence.bundle.json", help: "the bundle manifest (coherence-bundle-v1)" },
  ],
  options: {
    expect: {
      type: "string",
      value: "HASH",
      help: "exit 1 unless the content hashes to HASH (0x and 64 lower-case hex digits)",
      schema: bytes32(),
    },
  },
  environment: [],
} as const satisfies CommandParameters;

export type BundleHashResult = {
  manifest: string;
  contentHash: Hex;
  files: readonly BundleFile[];
  expected: Hex | undefined;
};

export async function run(args: Arguments<typeof parameters>): Promise<BundleHashResult> {
  const manifest = await readJsonFile(bundleManifestSchema, args.manifest);
  const { contentHash, files } = await bundleContent(args.manifest, manifest);
  return { manifest: args.manifest, contentHash, files, expected: args.expect as Hex | undefined };
}

export function output(result: BundleHashResult): CommandOutput {
  const { manifest, contentHash, files, expected } = result;
  const matches = expected === undefined || expected === contentHash;
  return {
    json: { ...result, ...(expected !== undefined ? { matches } : {}) },
    text: [
      ...(matches ? [] : [`--expect: the declared content hashes to ${contentHash}, not ${expected}`]),
      `${manifest}: content hash ${contentHash} over ${files.length} file(s)`,
      ...files.map((file) => `  ${file.hash}  ${file.path}`),
    ],
    exitCode: matches ? 0 : 1,
  };
}
