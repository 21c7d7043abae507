/**
 * `.coherence.json`, the file a repository opts in with, on its default branch: which asset its merged work is
 * attested to, on which chain and through which distributor, the gates that hold work back, and the asset
 * owner's EIP-712 signature over all of it ({@link REPOSITORY_OPT_IN_TYPES}).
 */
import {
  address,
  array,
  boolean,
  canonicalHash,
  decimal,
  type Infer,
  integer,
  type JsonValue,
  literal,
  MAX_UINT64,
  object,
  optional,
  parseJson,
  string,
} from "@coherence/protocol";

import { INTAKE_DOMAIN, REPOSITORY_OPT_IN_TYPES } from "../typedData.ts";

export const COHERENCE_FILE = ".coherence.json";
export const COHERENCE_FILE_FORMAT = "coherence-intake-v1";

/** Every gate is optional in the file; {@link gatesOf} gives each its default. */
export const gatesSchema = object({
  /** At least one approving review by someone other than the author with write access (default true). */
  requireApproval: optional(boolean()),
  /** Pull requests with any of these labels are skipped (default `["coherence:skip"]`). */
  excludedLabels: optional(array(string({ minLength: 1 }))),
  /** Pull requests by bots, and bot co-authors, are skipped (default true). */
  skipBots: optional(boolean()),
  /** At most `count` contributions per contributor merged in any `windowSeconds` (default 10 a day). */
  rateLimit: optional(object({ count: integer({ min: 1 }), windowSeconds: integer({ min: 1 }) })),
  /** Claimed cost per changed line above which the maintainers approve first (default $10 a line). */
  maxMicroUsdPerChangedLine: optional(decimal({ max: MAX_UINT64 })),
});
export type GatesInFile = Infer<typeof gatesSchema>;

export type Gates = {
  requireApproval: boolean;
  excludedLabels: readonly string[];
  skipBots: boolean;
  rateLimit: { count: number; windowSeconds: number };
  maxMicroUsdPerChangedLine: bigint;
};

export const DEFAULT_GATES: Gates = {
  requireApproval: true,
  excludedLabels: ["coherence:skip"],
  skipBots: true,
  rateLimit: { count: 10, windowSeconds: 86_400 },
  maxMicroUsdPerChangedLine: 10_000_000n,
};

/** The gates in force: the file's, each defaulted. */
export function gatesOf(file: GatesInFile | undefined): Gates {
  return {
    requireApproval: file?.requireApproval ?? DEFAULT_GATES.requireApproval,
    excludedLabels: file?.excludedLabels ?? DEFAULT_GATES.excludedLabels,
    skipBots: file?.skipBots ?? DEFAULT_GATES.skipBots,
    rateLimit: file?.rateLimit ?? DEFAULT_GATES.rateLimit,
    maxMicroUsdPerChangedLine: file?.maxMicroUsdPerChangedLine ?? DEFAULT_GATES.maxMicroUsdPerChangedLine,
  };
}

export const coherenceFileSchema = object({
  format: literal(COHERENCE_FILE_FORMAT),
  /** `github.com/<owner>/<repo>`: the signature binds the file to this repository, so a copy elsewhere is void. */
  repository: string({ pattern: /^[a-z0-9.-]+\/[^/\s]+\/[^/\s]+$/, expected: "<forge host>/<owner>/<repo>" }),
  chainId: integer({ min: 1 }),
  assetId: decimal(),
  distributor: address(),
  gates: optional(gatesSchema),
  signature: string({ pattern: /^0x[0-9a-fA-F]+$/, expected: "a 0x-prefixed hex signature" }),
});
export type CoherenceFile = Infer<typeof coherenceFileSchema>;

/** Reads the file's text, naming the first bad field. */
export function parseCoherenceFile(text: string, source = COHERENCE_FILE): CoherenceFile {
  return parseJson(coherenceFileSchema, text, { source });
}

/** The owner's statement, as EIP-712 typed data, for signing and for verifying. */
export function optInTypedData(file: Omit<CoherenceFile, "format" | "signature">) {
  const gates = file.gates === undefined ? {} : (gatesSchema.encode(file.gates) as JsonValue);
  return {
    domain: { ...INTAKE_DOMAIN, chainId: file.chainId },
    types: REPOSITORY_OPT_IN_TYPES,
    primaryType: "RepositoryOptIn",
    message: {
      repository: file.repository,
      assetId: file.assetId,
      distributor: file.distributor,
      gatesHash: canonicalHash(gates),
    },
  } as const;
}

/** The file's text for an opt-in and its signature, as an owner commits it. */
export function coherenceFileText(file: Omit<CoherenceFile, "format">): string {
  return `${JSON.stringify(coherenceFileSchema.encode({ format: COHERENCE_FILE_FORMAT, ...file }), null, 2)}\n`;
}
