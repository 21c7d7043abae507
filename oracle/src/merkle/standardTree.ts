/**
 * A StandardMerkleTree that agrees with @openzeppelin/merkle-tree byte for byte
 * (same leaf hash, sort, layout, root, proofs and `standard-v1` dump), built over
 * flat byte arrays instead of hex strings so a million leaves take seconds.
 *
 * Leaf hash: keccak256(keccak256(abi.encode(...values))), the double hash that
 * rules out second-preimage attacks with 64-byte leaves. Leaves are sorted by
 * hash, internal nodes hash their children sorted (see ./flatTree.ts).
 *
 * Unlike OpenZeppelin's, this tree rejects duplicate leaves (identical encoded
 * values): a duplicate is always a caller bug here, and proving "the" leaf of a
 * value would be ambiguous.
 */

import { bytesToHex, describe, type Hex, InvalidArgumentError, InvariantError } from "@coherence/protocol";
import {
  advanceProofWords,
  findInvalidNode,
  flatTreeBytes,
  makeFlatTree,
  processProof,
  proofDepth,
  writeProofWords,
} from "./flatTree.ts";
import { createKeccakKernel } from "./keccakKernel.ts";
import { compileLeafEncoder, type LeafEncoder, type LeafValue } from "./leafEncoding.ts";
import { leafHasher, leafHasherBytes, leafHashInto, leafHashScratch } from "./leafHash.ts";
import { nodesFromHex, parseStandardTreeDump, type StandardTreeDump, toStandardTreeDump } from "./standardTreeDump.ts";

/** A proof streamed by {@link StandardTree.proofs}. */
export type StreamedProof = {
  /** Index of the value in the order given to {@link StandardTree.of}. */
  index: number;
  /**
   * Siblings from the leaf up, 32 bytes each. A read-only view of one buffer that
   * the next proof overwrites in part: copy it (`proof.slice()`) to keep it past the loop's step.
   */
  proof: Uint8Array;
};

/** Options of {@link StandardTree.of}. */
export type StandardTreeOfOptions = {
  /**
   * Called with each value's ABI encoding right after it is encoded: its bytes from `offset` of `memory` (reused
   * for later leaves, so valid during the call only), so a caller's own check of the leaves reads bytes the tree
   * has decoded already instead of parsing the values again.
   */
  onEncoded?: (index: number, memory: Uint8Array, offset: number) => void;
  /**
   * Called once every value is encoded and well-formed, before the tree is built: where a caller's own check of
   * the leaves as a whole refuses them, ahead of the tree's identical-leaf check.
   */
  onAllEncoded?: () => void;
};

/** A root or proof given as hex or bytes, as bytes. */
function toNodeBytes(nodes: Uint8Array | readonly string[], what: string): Uint8Array {
  return nodes instanceof Uint8Array ? nodes : nodesFromHex(nodes, what);
}

/** A Merkle tree of fixed-size ABI-encoded leaves, compatible with OpenZeppelin's StandardMerkleTree. */
export class StandardTree<V extends readonly LeafValue[] = readonly LeafValue[]> {
  /** The flat node array: node i at bytes [32i, 32i + 32). Treat as read-only. */
  readonly nodes: Uint8Array;
  readonly leafEncoding: readonly string[];
  readonly #values: readonly V[];
  readonly #treeIndex: Uint32Array;
  readonly #encoder: LeafEncoder;
  /** The nodes as 32-bit words, for copying proofs 8 words per sibling. */
  readonly #nodeWords: Uint32Array;
  /** Value index of the k-th leaf in tree order (k-th smallest hash), when the build has it already. */
  #byTree: Uint32Array | undefined;

  private constructor(
    nodes: Uint8Array,
    values: readonly V[],
    treeIndex: Uint32Array,
    encoder: LeafEncoder,
    byTree?: Uint32Array,
  ) {
    this.nodes = nodes;
    this.#byTree = byTree;
    this.#nodeWords = new Uint32Array(nodes.buffer, nodes.byteOffset, nodes.length >>> 2);
    this.#values = values;
    this.#treeIndex = treeIndex;
    this.#encoder = encoder;
    this.leafEncoding = encoder.types;
  }

  /**
   * Builds the tree of `values` under `leafEncoding`; same root and proofs as
   * `StandardMerkleTree.of(values, leafEncoding)` of @openzeppelin/merkle-tree.
   * Throws {@link InvalidArgumentError} for an empty list, a bad value (naming
   * its index) or duplicate leaves.
   *
   * @example
   * const tree = StandardTree.of([[account, token, 100n]], ["address", "address", "uint256"]);
   * tree.root; // "0x…"
   * tree.getProof(0); // []
   */
  static of<V extends readonly LeafValue[]>(
    values: readonly V[],
    leafEncoding: readonly string[],
    options: StandardTreeOfOptions = {},
  ): StandardTree<V> {
    const { onEncoded, onAllEncoded } = options;
    const encoder = compileLeafEncoder(leafEncoding);
    const count = values.length;
    if (count === 0) throw new InvalidArgumentError("Expected a non-zero number of leaves.");
    // One kernel memory: the leaves are encoded at its start, hashed past that, and sorted into the nodes there.
    const kernel = createKeccakKernel();
    const hashesAt = kernel.data + leafHasherBytes(encoder, count);
    kernel.reserve(hashesAt - kernel.data + flatTreeBytes(count));
    const hasher = leafHasher(kernel, encoder, count, hashesAt);
    for (let i = 0; i < count; i++) {
      try {
        encoder.encode(values[i]!, hasher.memory, hasher.at);
        onEncoded?.(i, hasher.memory, hasher.at);
        hasher.push();
      } catch (error) {
        if (error instanceof InvalidArgumentError) {
          throw new InvalidArgumentError(`Invalid leaf at index ${i}: ${error.shortMessage}`, { cause: error });
        }
        throw error;
      }
    }
    onAllEncoded?.();
    hasher.finish();
    const flat = makeFlatTree(kernel, hashesAt, count);
    if (flat.duplicate !== undefined) {
      const [a, b] = flat.duplicate;
      throw new InvalidArgumentError(`Duplicate leaf: values at indices ${a} and ${b} are identical.`, {
        details: "Each leaf must be unique; merge the duplicates before building the tree.",
      });
    }
    const { nodes, order } = flat;
    const treeIndex = new Uint32Array(count);
    for (let k = 0; k < count; k++) treeIndex[order[k]!] = 2 * count - 2 - k;
    return new StandardTree(nodes, values.slice(), treeIndex, encoder, order);
  }

  /**
   * Rebuilds a tree from {@link StandardTree.dump} output or an OpenZeppelin
   * `standard-v1` dump, checking the format, every node and every value.
   */
  static load<V extends readonly LeafValue[] = readonly LeafValue[]>(data: StandardTreeDump): StandardTree<V> {
    const { nodes, values, treeIndex, encoder } = parseStandardTreeDump<V>(data);
    return new StandardTree(nodes, values, treeIndex, encoder);
  }

  /**
   * Whether `proof` proves `value` under `root`, without building a tree
   * (`MerkleProof.verify` on-chain does the same).
   *
   * @example
   * StandardTree.verify(root, ["address", "address", "uint256"], [account, token, 5n], proof) // true
   */
  static verify(
    root: Hex | Uint8Array,
    leafEncoding: readonly string[],
    value: readonly LeafValue[],
    proof: readonly string[] | Uint8Array,
  ): boolean {
    const encoder = compileLeafEncoder(leafEncoding);
    const leaf = new Uint8Array(32);
    leafHashInto(encoder, value, leafHashScratch(encoder), leaf, 0);
    const computed = processProof(leaf, toNodeBytes(proof, "proof"));
    const expected = typeof root === "string" ? toNodeBytes([root], "root") : root;
    return expected.length === 32 && computed.every((b, i) => b === expected[i]);
  }

  /** The root as hex. */
  get root(): Hex {
    return bytesToHex(this.nodes, 0, 32);
  }

  /** Number of leaves. */
  get length(): number {
    return this.#values.length;
  }

  /** The value at `index` (in the order given to {@link StandardTree.of}). */
  at(index: number): V | undefined {
    return this.#values[index];
  }

  /** Tree index of the leaf of value `index`. */
  treeIndexOf(index: number): number {
    const treeIndex = this.#treeIndex[index];
    if (!Number.isInteger(index) || treeIndex === undefined) {
      throw new InvalidArgumentError(`Index ${describe(index)} out of bounds (tree has ${this.length} leaves).`);
    }
    return treeIndex;
  }

  /** The proof of value `index` as hex strings, bottom-up, as OpenZeppelin's `getProof(index)`. */
  getProof(index: number): Hex[] {
    // One native hex conversion per proof, then slices: far cheaper than one per sibling.
    const hex = Buffer.from(this.getProofBytes(index).buffer).toString("hex");
    const out: Hex[] = [];
    for (let p = 0; p < hex.length; p += 64) out.push(`0x${hex.slice(p, p + 64)}`);
    return out;
  }

  /** The proof of value `index` as packed 32-byte siblings. */
  getProofBytes(index: number): Uint8Array {
    const treeIndex = this.treeIndexOf(index);
    const out = new Uint8Array(32 * proofDepth(treeIndex));
    writeProofWords(this.#nodeWords, treeIndex, new Uint32Array(out.buffer), 0);
    return out;
  }

  /**
   * Every value's proof, one at a time, written into one reused buffer so a
   * million proofs cost neither a million allocations nor their collection
   * (each {@link StreamedProof.proof} is valid until the next step). By default
   * in tree order (leaves by ascending hash): neighbouring leaves share most of
   * their path, which keeps the node array in cache and is several times faster
   * at a million leaves than value order. Each proof is tagged with its value
   * index either way.
   *
   * @example
   * for (const { index, proof } of tree.proofs()) write(index, proof); // write copies or consumes it
   */
  *proofs(parameters: { order?: "tree" | "value" } = {}): Generator<StreamedProof, void, undefined> {
    const count = this.#values.length;
    let byTree: Uint32Array | undefined;
    if (parameters.order !== "value") {
      if (this.#byTree === undefined) {
        // Leaf k of the tree (k-th smallest hash) sits at tree index 2n - 2 - k.
        this.#byTree = new Uint32Array(count);
        for (let index = 0; index < count; index++) this.#byTree[2 * count - 2 - this.#treeIndex[index]!] = index;
      }
      byTree = this.#byTree;
    }
    // The deepest leaf sits at the last tree index; one view per depth, so no step allocates one.
    const maxDepth = proofDepth(2 * count - 2);
    const buffer = new Uint8Array(32 * maxDepth);
    const bufferWords = new Uint32Array(buffer.buffer);
    const views = Array.from({ length: maxDepth + 1 }, (_, depth) => buffer.subarray(0, 32 * depth));
    let previous = -1;
    let previousDepth = -1;
    for (let k = 0; k < count; k++) {
      const index = byTree === undefined ? k : byTree[k]!;
      // In tree order the k-th leaf's place is known: no random read of the index per proof.
      const treeIndex = byTree === undefined ? this.#treeIndex[index]! : 2 * count - 2 - k;
      const depth = proofDepth(treeIndex);
      // The buffer still holds the previous proof: at the same depth, only the siblings that differ change.
      if (depth === previousDepth) advanceProofWords(this.#nodeWords, treeIndex, previous, bufferWords);
      else writeProofWords(this.#nodeWords, treeIndex, bufferWords, 0);
      previous = treeIndex;
      previousDepth = depth;
      yield { index, proof: views[depth]! };
    }
  }

  /** `[index, value]` pairs in value order. */
  *entries(): Generator<[number, V], void, undefined> {
    for (let i = 0; i < this.#values.length; i++) yield [i, this.#values[i]!];
  }

  /** Whether `proof` proves value `index` under this tree's root. */
  verify(index: number, proof: readonly string[] | Uint8Array): boolean {
    const value = this.at(index);
    if (value === undefined) throw new InvalidArgumentError(`Index ${describe(index)} out of bounds.`);
    return StandardTree.verify(this.nodes.subarray(0, 32), this.leafEncoding, value, proof);
  }

  /** Recomputes every node and leaf; throws {@link InvariantError} if the tree is inconsistent. */
  validate(): void {
    const bad = findInvalidNode(this.nodes);
    if (bad !== -1) throw new InvariantError(`Merkle tree node ${bad} is not the hash of its children.`);
    const scratch = leafHashScratch(this.#encoder);
    const hash = new Uint8Array(32);
    for (let i = 0; i < this.#values.length; i++) {
      leafHashInto(this.#encoder, this.#values[i]!, scratch, hash, 0);
      const at = 32 * this.#treeIndex[i]!;
      for (let b = 0; b < 32; b++) {
        if (hash[b] !== this.nodes[at + b]) throw new InvariantError(`Merkle tree does not contain value ${i}.`);
      }
    }
  }

  /** A JSON-safe `standard-v1` dump that @openzeppelin/merkle-tree's `StandardMerkleTree.load` accepts. */
  dump(): StandardTreeDump {
    return toStandardTreeDump(this.nodes, this.#values, this.#treeIndex, this.leafEncoding);
  }
}
