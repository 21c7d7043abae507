/**
 * The `standard-v1` dump of a StandardMerkleTree: the same JSON shape as
 * @openzeppelin/merkle-tree's `dump()`, so either library loads the other's.
 */

import { describe, type Hex, hexInto, InvalidArgumentError, UnsupportedFormatError } from "@coherence/protocol";
import { findInvalidNode } from "./flatTree.ts";
import { compileLeafEncoder, type LeafEncoder, type LeafValue } from "./leafEncoding.ts";
import { leafHashInto, leafHashScratch } from "./leafHash.ts";

/** The format field of a dump, checked on load. */
export const STANDARD_TREE_FORMAT = "standard-v1";

/** JSON-safe form of a tree (OpenZeppelin's `StandardMerkleTreeData`); bigints are decimal strings. */
export type StandardTreeDump = {
  format: typeof STANDARD_TREE_FORMAT;
  leafEncoding: string[];
  tree: Hex[];
  values: { value: (string | number | boolean)[]; treeIndex: number }[];
};

/** A dump's content once checked: what a tree is made of. */
export type ParsedStandardTreeDump<V> = {
  nodes: Uint8Array;
  values: V[];
  treeIndex: Uint32Array;
  encoder: LeafEncoder;
};

/** Packs 32-byte hex nodes into bytes; `what` names them in errors. */
export function nodesFromHex(nodes: readonly string[], what: string): Uint8Array {
  const out = new Uint8Array(32 * nodes.length);
  nodes.forEach((node, i) => {
    hexInto(node, 32, out, 32 * i, `${what}[${i}]`);
  });
  return out;
}

/**
 * Checks a dump (format, shape, every node, every value at its leaf, no
 * duplicate leaves) and returns its content. Throws {@link UnsupportedFormatError}
 * for another format and {@link InvalidArgumentError} for anything inconsistent.
 */
export function parseStandardTreeDump<V extends readonly LeafValue[]>(
  data: StandardTreeDump,
): ParsedStandardTreeDump<V> {
  if (data === null || typeof data !== "object") throw new InvalidArgumentError("Expected a tree dump object.");
  if (data.format !== STANDARD_TREE_FORMAT)
    throw new UnsupportedFormatError("tree dump", data.format, STANDARD_TREE_FORMAT);
  if (!Array.isArray(data.leafEncoding)) throw new InvalidArgumentError("Expected leaf encoding in tree dump.");
  if (!Array.isArray(data.tree) || data.tree.length % 2 === 0) {
    throw new InvalidArgumentError("Tree dump `tree` must be an array of an odd number of nodes.");
  }
  if (!Array.isArray(data.values) || 2 * data.values.length - 1 !== data.tree.length) {
    throw new InvalidArgumentError(
      `Tree dump has ${describe(data.values?.length)} values for ${data.tree.length} nodes.`,
    );
  }
  const encoder = compileLeafEncoder(data.leafEncoding);
  const nodes = nodesFromHex(data.tree, "tree");
  const count = data.values.length;
  const treeIndex = new Uint32Array(count);
  const seen = new Uint8Array(count);
  const values: V[] = [];
  const scratch = leafHashScratch(encoder);
  const hash = new Uint8Array(32);
  for (let i = 0; i < count; i++) {
    const entry = data.values[i]!;
    const index = entry?.treeIndex;
    if (!Number.isInteger(index) || index < count - 1 || index >= 2 * count - 1 || seen[index - (count - 1)] === 1) {
      throw new InvalidArgumentError(`Tree dump value ${i} has an invalid or repeated treeIndex ${describe(index)}.`);
    }
    seen[index - (count - 1)] = 1;
    if (!Array.isArray(entry.value)) throw new InvalidArgumentError(`Tree dump value ${i} is not a list of values.`);
    leafHashInto(encoder, entry.value, scratch, hash, 0);
    for (let b = 0; b < 32; b++) {
      if (hash[b] !== nodes[32 * index + b])
        throw new InvalidArgumentError(`Tree dump value ${i} does not hash to its leaf at treeIndex ${index}.`);
    }
    treeIndex[i] = index;
    values.push(entry.value as unknown as V);
  }
  const bad = findInvalidNode(nodes);
  if (bad !== -1) throw new InvalidArgumentError(`Tree dump node ${bad} is not the hash of its children.`);
  for (let t = count; t < 2 * count - 1; t++) {
    // Leaves sit in hash order along the tail, so a duplicate is next to its twin.
    let same = true;
    for (let b = 0; b < 32 && same; b++) same = nodes[32 * t + b] === nodes[32 * (t - 1) + b];
    if (same) throw new InvalidArgumentError(`Tree dump has duplicate leaves at tree indices ${t - 1} and ${t}.`);
  }
  return { nodes, values, treeIndex, encoder };
}

/** The dump of a tree's parts; bigints become decimal strings so the dump is JSON. */
export function toStandardTreeDump(
  nodes: Uint8Array,
  values: readonly (readonly LeafValue[])[],
  treeIndex: Uint32Array,
  leafEncoding: readonly string[],
): StandardTreeDump {
  const hex = Buffer.from(nodes.buffer, nodes.byteOffset, nodes.length).toString("hex");
  const tree: Hex[] = [];
  for (let p = 0; p < hex.length; p += 64) tree.push(`0x${hex.slice(p, p + 64)}`);
  return {
    format: STANDARD_TREE_FORMAT,
    leafEncoding: [...leafEncoding],
    tree,
    values: values.map((value, i) => ({
      value: value.map((v) => (typeof v === "bigint" ? v.toString() : v)),
      treeIndex: treeIndex[i]!,
    })),
  };
}
