/**
 * Streams a manifest through the protocol's reader (every line canonical, every field checked and named with its
 * line) and the manifest checker (every consistency rule, element by element), hashing with the oracle's
 * WebAssembly Keccak, and hands each element to the caller's visitor once it has passed. The caller keeps what
 * it needs; nothing else stays in memory, so a million-account manifest is read and validated in bounded memory.
 */
import {
  type ElementSection,
  type ManifestElements,
  type ManifestVisitor,
  type StreamManifestReturnType,
  streamManifest,
} from "@coherence/protocol";

import { createKeccak256Stream, keccak256 } from "../merkle/keccak.ts";
import { ManifestChecker } from "./manifestChecker.ts";

/** What {@link scanManifest} returns: the header, the content hash and the byte length. */
export type ScanManifestReturnType = StreamManifestReturnType;

/**
 * Reads and validates a manifest as a stream, calling `visitor` with each element after the checker accepted
 * it. Throws `MalformedFieldError` naming the first bad field (with its line where the line alone shows it),
 * `UnsupportedFormatError` for another format, or what the visitor throws. A visitor sees a manifest's elements
 * before its last rules ran (trees, totals): act on them only once this resolves.
 *
 * @example
 * const mine: ManifestLeaf[] = [];
 * const { contentHash } = await scanManifest(createReadStream(file), {
 *   elements: { leaves: (leaf) => leaf.account === me && mine.push(leaf) },
 * });
 */
export function scanManifest(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  visitor: ManifestVisitor = {},
): Promise<ScanManifestReturnType> {
  const checker = new ManifestChecker();
  const theirs = visitor.elements ?? {};
  const elements = Object.fromEntries(
    (Object.keys(checker.elements) as ElementSection[]).map((section) => {
      const check = checker.elements[section] as (element: unknown, index: number) => void;
      const keep = theirs[section] as ((element: unknown, index: number) => void) | undefined;
      return [
        section,
        keep === undefined
          ? check
          : (element: unknown, index: number) => {
              check(element, index);
              keep(element, index);
            },
      ];
    }),
  ) as { readonly [P in ElementSection]: (element: ManifestElements[P], index: number) => void };
  return streamManifest(source, {
    createKeccak: createKeccak256Stream,
    keccak256,
    chunk: visitor.chunk,
    header: (header) => {
      checker.header(header);
      visitor.header?.(header);
    },
    elements,
    nodes: (section, nodes) => {
      checker.nodes(section, nodes);
      visitor.nodes?.(section, nodes);
    },
    end: () => {
      checker.end();
      visitor.end?.();
    },
  });
}
