/**
 * A manifest as its lines of canonical JSON (layout in ./layout.ts), generated one at a time so a writer can
 * stream a million-account manifest in bounded memory. Same manifest, same lines, on any machine.
 */
import { bytesToHex } from "../hex.ts";
import type { JsonValue, Schema } from "../schema.ts";
import { canonicalJson } from "./canonicalJson.ts";
import {
  assetFlowSchema,
  assetSchema,
  contributionSchema,
  costCheckSchema,
  cumulativeTotalSchema,
  headerSchema,
  leafSchema,
  type Manifest,
  poolRevenueSchema,
  scoreSchema,
} from "./elements.ts";
import { CLOSING, HEADER_SUFFIX, type ManifestSection, sectionsOf } from "./layout.ts";

/** Nodes converted to hex per call: one conversion of a batch is far cheaper than one per node. */
const NODE_BATCH = 4096;

// Element encoders write declared (sorted) keys and string bigints, so the native serialiser is canonical.
function* elements<T>(items: readonly T[], schema: Schema<T>): Generator<string> {
  for (const item of items) yield JSON.stringify(schema.encode(item));
}

// Scores hold arbitrary metric records: the general canonical serialiser sorts their keys.
function* canonicalElements<T>(items: readonly T[], schema: Schema<T>): Generator<string> {
  for (const item of items) yield canonicalJson(schema.encode(item));
}

function* nodes(bytes: Uint8Array): Generator<string> {
  for (let start = 0; start < bytes.length; start += 32 * NODE_BATCH) {
    const hex = bytesToHex(bytes, start, Math.min(32 * NODE_BATCH, bytes.length - start));
    for (let p = 2; p < hex.length; p += 64) yield `"0x${hex.slice(p, p + 64)}"`;
  }
}

/** The header line's JSON: every small field of the manifest. */
export function encodeHeader(manifest: Manifest): JsonValue {
  return headerSchema.encode(manifest);
}

/**
 * The lines of `manifest`, without their newlines (every line, the last included, ends with one in the file).
 *
 * @example
 * for (const line of manifestLines(manifest)) out.write(`${line}\n`);
 */
export function* manifestLines(manifest: Manifest): Generator<string> {
  const header = canonicalJson(encodeHeader(manifest));
  yield header.slice(0, -1) + HEADER_SUFFIX;
  const bodies: { readonly [P in ManifestSection["path"]]: () => Iterable<string> } = {
    "inputs.assets": () => elements(manifest.inputs.assets, assetSchema),
    "inputs.contributions": () => elements(manifest.inputs.contributions, contributionSchema),
    "inputs.costs": () => elements(manifest.inputs.costs, costCheckSchema),
    "inputs.previous": () => elements(manifest.inputs.previous, cumulativeTotalSchema),
    "inputs.revenue": () => elements(manifest.inputs.revenue, poolRevenueSchema),
    leaves: () => elements(manifest.leaves, leafSchema),
    lineageFlows: () => elements(manifest.lineageFlows, assetFlowSchema),
    "payoutTree.nodes": () => nodes(manifest.payoutTree.nodes),
    scores: () => canonicalElements(manifest.scores, scoreSchema),
    "scoresTree.nodes": () => nodes(manifest.scoresTree.nodes),
  };
  const sections = sectionsOf(manifest.format);
  for (const [i, section] of sections.entries()) {
    if (i > 0) yield section.opening;
    // A comma ends every element line but the section's last.
    let previous: string | undefined;
    for (const text of bodies[section.path]()) {
      if (previous !== undefined) yield `${previous},`;
      previous = text;
    }
    if (previous !== undefined) yield previous;
  }
  yield CLOSING;
}
