/**
 * Reads a manifest from a byte stream line by line (never as one string, so a
 * million-account manifest loads), checking that every line is canonical JSON
 * in the v1 layout, decoding and type-checking every field, then validating
 * the whole (./validateManifest.ts). Errors name the field and the line.
 */
import { MalformedFieldError, UnsupportedFormatError } from "../errors.ts";
import { type Hex, bytesToHex, describe } from "../hex.ts";
import { createKeccak256Stream } from "../merkle/keccak.ts";
import { isCanonicalText } from "./canonicalJson.ts";
import { decodeAsset, decodeContribution, decodeFlow, decodeHeader, decodeLeaf, decodePrevious, decodeRevenue, decodeScore } from "./decodeElements.ts";
import { CLOSING, HEADER_SUFFIX, SECTIONS } from "./layout.ts";
import { MANIFEST_FORMAT, type Manifest } from "./manifestTypes.ts";
import type { FieldContext } from "./readFields.ts";
import { validateManifest } from "./validateManifest.ts";

/** What {@link readManifest} returns. */
export type ReadManifestReturnType = {
  manifest: Manifest;
  /** keccak256 of the bytes read; compare with the on-chain `manifestHash`. */
  contentHash: Hex;
  byteLength: number;
};

/** Parses one line as JSON and checks it is exactly its canonical serialisation. */
function parseCanonical(text: string, at: FieldContext): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedFieldError(at.field, "is not valid JSON", { line: at.line, cause: error });
  }
  let canonical: boolean;
  try {
    canonical = isCanonicalText(text, value);
  } catch (error) {
    if (error instanceof MalformedFieldError) {
      throw new MalformedFieldError(at.field + error.field.slice(1), error.problem, { line: at.line });
    }
    throw error;
  }
  if (!canonical) throw new MalformedFieldError(at.field, "is not in canonical form (sorted keys, no whitespace, integers only)", { line: at.line });
  return value;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * A tree node line (`"0x…"`) straight into `nodes`, without JSON.parse: these
 * are two thirds of a large manifest's lines.
 */
function readNodeLine(text: string, at: FieldContext, nodes: NodeCollector): void {
  const hex = text.length === 68 && text.charCodeAt(0) === 34 && text.charCodeAt(67) === 34 && text.startsWith('"0x') ? text.slice(3, 67) : "";
  if (!HEX64.test(hex)) throw new MalformedFieldError(at.field, `expected a node as "0x" and 64 lower-case hex digits, got ${describe(text)}`, { line: at.line });
  nodes.push(hex);
}

/** Grows a node buffer as node lines arrive. */
class NodeCollector {
  bytes = new Uint8Array(0);
  count = 0;
  push(hex: string): void {
    if (32 * (this.count + 1) > this.bytes.length) {
      const grown = new Uint8Array(Math.max(64 * 32, 2 * this.bytes.length));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length).write(hex, 32 * this.count, 32, "hex");
    this.count++;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, 32 * this.count);
  }
}

/**
 * Reads and validates a manifest. `source` yields its bytes (a file read
 * stream, for instance). Throws {@link MalformedFieldError} naming the first
 * bad field and its line, or {@link UnsupportedFormatError} for another format.
 *
 * @example
 * const { manifest, contentHash } = await readManifest(fs.createReadStream("epoch-7.json"));
 */
export async function readManifest(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<ReadManifestReturnType> {
  const hasher = await createKeccak256Stream();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const encoder = new TextEncoder();
  let byteLength = 0;
  let carry = "";
  let lineNumber = 0;
  let header: ReturnType<typeof decodeHeader> | undefined;
  let section = 0;
  let index = 0;
  let awaitingElement = false; // the previous element line ended with a comma
  let closed = false;
  const lists = SECTIONS.map(() => [] as unknown[]);
  const payoutNodes = new NodeCollector();
  const scoresNodes = new NodeCollector();

  const onLine = (text: string): void => {
    lineNumber++;
    const line = lineNumber;
    if (closed) throw new MalformedFieldError("manifest", "has content after its closing line", { line });
    if (header === undefined) {
      if (!text.endsWith(HEADER_SUFFIX)) throw new MalformedFieldError("manifest", `line 1 must be the header ending with ${HEADER_SUFFIX}`, { line });
      const raw = parseCanonical(`${text.slice(0, -HEADER_SUFFIX.length)}}`, { field: "header", line });
      const format = (raw as { format?: unknown } | null)?.format;
      if (format !== MANIFEST_FORMAT) throw new UnsupportedFormatError("manifest", format, MANIFEST_FORMAT);
      header = decodeHeader(raw, { field: "", line });
      return;
    }
    const next = section + 1 < SECTIONS.length ? SECTIONS[section + 1]!.opening : CLOSING;
    if (text === next) {
      if (awaitingElement) throw new MalformedFieldError(`${SECTIONS[section]!.path}[${index - 1}]`, "ends with a comma but is the last element", { line: line - 1 });
      if (text === CLOSING) closed = true;
      else section++;
      index = 0;
      return;
    }
    const path = SECTIONS[section]!.path;
    const at = { field: `${path}[${index}]`, line };
    if (text.startsWith("]")) throw new MalformedFieldError(path, `expected ${JSON.stringify(next)} to end the section, got ${describe(text)}`, { line });
    if (index > 0 && !awaitingElement) throw new MalformedFieldError(`${path}[${index - 1}]`, "is not followed by a comma", { line: line - 1 });
    awaitingElement = text.endsWith(",");
    const body = awaitingElement ? text.slice(0, -1) : text;
    if (path === "payoutTree.nodes" || path === "scoresTree.nodes") {
      readNodeLine(body, at, path === "payoutTree.nodes" ? payoutNodes : scoresNodes);
      index++;
      return;
    }
    const value = parseCanonical(body, at);
    switch (path) {
      case "inputs.assets":
        lists[section]!.push(decodeAsset(value, at));
        break;
      case "inputs.contributions":
        lists[section]!.push(decodeContribution(value, at));
        break;
      case "inputs.previous":
        lists[section]!.push(decodePrevious(value, at));
        break;
      case "inputs.revenue":
        lists[section]!.push(decodeRevenue(value, at));
        break;
      case "leaves":
        lists[section]!.push(decodeLeaf(value, at));
        break;
      case "lineageFlows":
        lists[section]!.push(decodeFlow(value, at));
        break;
      case "scores":
        lists[section]!.push(decodeScore(value, at));
        break;
    }
    index++;
  };

  const onText = (text: string): void => {
    let start = 0;
    const all = carry + text;
    for (let end = all.indexOf("\n"); end !== -1; end = all.indexOf("\n", start)) {
      onLine(all.slice(start, end));
      start = end + 1;
    }
    carry = all.slice(start);
  };

  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
      hasher.update(bytes);
      byteLength += bytes.length;
      onText(decoder.decode(bytes, { stream: true }));
    }
    onText(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError && /encoded data was not valid/i.test(error.message)) {
      throw new MalformedFieldError("manifest", "is not valid UTF-8", { line: lineNumber + 1, cause: error });
    }
    throw error;
  }
  if (carry !== "") throw new MalformedFieldError("manifest", "does not end with a newline", { line: lineNumber + 1 });
  if (header === undefined) throw new MalformedFieldError("manifest", "is empty");
  if (!closed) throw new MalformedFieldError(SECTIONS[section]!.path, "the manifest ends before its closing line (truncated?)", { line: lineNumber });

  const manifest: Manifest = {
    ...header,
    inputs: {
      assets: lists[0] as Manifest["inputs"]["assets"],
      contributions: lists[1] as Manifest["inputs"]["contributions"],
      previous: lists[2] as Manifest["inputs"]["previous"],
      revenue: lists[3] as Manifest["inputs"]["revenue"],
    },
    leaves: lists[4] as Manifest["leaves"],
    lineageFlows: lists[5] as Manifest["lineageFlows"],
    payoutTree: { leafEncoding: ["address", "address", "uint256"], nodes: payoutNodes.done() },
    scores: lists[7] as Manifest["scores"],
    scoresTree: { leafEncoding: ["bytes32", "uint16", "bytes32"], nodes: scoresNodes.done() },
  };
  validateManifest(manifest);
  return { manifest, contentHash: bytesToHex(hasher.digest()), byteLength };
}
