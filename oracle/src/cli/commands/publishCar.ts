/**
 * `ccn publish car <file> --out <dir>`: packs a manifest (or a slice, or any file) as `<dir>/<cid>.car`, the CAR an
 * IPFS node or pinning service imports to serve the file at its CID, and prints the CID. `ccn epoch submit` does
 * this for the epoch's manifest and records the CID with the proposal; this is for a manifest published otherwise.
 */
import { access } from "node:fs/promises";

import { InvalidArgumentError, integerText } from "@coherence/protocol";
import { UNIXFS_CHUNK_BYTES } from "@coherence/protocol/ipfs";

import { MANIFEST_BLOCK_BYTES, packCar } from "../../publish/packCar.ts";
import type { Arguments, CommandOutput, CommandParameters } from "../command.ts";

export const parameters = {
  words: ["publish", "car"],
  summary: "pack a manifest as a CAR named by its IPFS CID, to pin anywhere",
  positionals: [{ name: "file", value: "manifest.json", help: "the file to pack (an epoch's manifest, a slice)" }],
  options: {
    out: { type: "string", value: "DIR", help: "where to write <cid>.car (default: the current directory)" },
    "block-bytes": {
      type: "string",
      value: "BYTES",
      help: `the file's IPFS blocks (default ${MANIFEST_BLOCK_BYTES}, so one account's slice reads little; ${UNIXFS_CHUNK_BYTES} for the CID of kubo's default ipfs add)`,
      schema: integerText({ min: 1024, max: 1_048_576 }),
    },
  },
  environment: [],
} as const satisfies CommandParameters;

export type PublishCarResult = {
  file: string;
  cid: string;
  uri: string;
  carFile: string;
  fileBytes: number;
  carBytes: number;
};

export async function run(args: Arguments<typeof parameters>): Promise<PublishCarResult> {
  await access(args.file).catch((cause: NodeJS.ErrnoException) => {
    throw new InvalidArgumentError(`${args.file}: cannot be read (${cause.code})`);
  });
  const packed = await packCar(args.file, args.out ?? ".", {
    ...(args["block-bytes"] !== undefined ? { chunkBytes: args["block-bytes"] } : {}),
  });
  return { file: args.file, uri: `ipfs://${packed.cid}`, ...packed };
}

export function output(result: PublishCarResult): CommandOutput {
  return {
    json: result,
    text: [
      result.cid,
      `${result.carFile}: ${result.file} (${result.fileBytes} bytes) as ${result.uri}, ${result.carBytes} bytes of CAR`,
    ],
  };
}
