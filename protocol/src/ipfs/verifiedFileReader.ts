/**
 * Reads byte ranges of one file on IPFS block by block, for many small reads of one large file (an account's slice
 * is ten or so 8 KiB chunks scattered over a manifest of a gigabyte): each block the range needs is asked of the
 * gateways alone (`?format=raw`, the trustless gateway's block request), checked against its CID, and kept in a
 * cache of recently used blocks, so the file's root and nodes are fetched once and a block two reads share is fetched
 * once. An `entity-bytes` CAR (./verifiedFetch.ts `verifiedFetchRange`) would send the nodes and the blocks again on
 * every read. Browser-safe.
 */
import type { CID } from "multiformats/cid";

import { checkBlock, cidOf } from "./carFile.ts";
import { type ByteRange, rangeCollector, walkFileRange } from "./fileRange.ts";
import { firstVerified, type VerifiedFetchParameters } from "./verifiedFetch.ts";

/** The media type of a block answer. */
export const RAW_MEDIA_TYPE = "application/vnd.ipld.raw";

/** The trustless-gateway URL of one block. */
export function gatewayBlockUrl(gateway: string, cid: string): string {
  return new URL(`ipfs/${cid}?format=raw`, gateway.endsWith("/") ? gateway : `${gateway}/`).href;
}

export type VerifiedFileReaderParameters = VerifiedFetchParameters & {
  /** Bytes of blocks kept for later reads, least recently used dropped first (default 16 MiB). */
  cacheBytes?: number | undefined;
};

/** A file on IPFS read by range, every block checked. */
export type VerifiedFileReader = {
  /**
   * `range` of the file; shorter only where the file ends first. Throws `GatewaysExhaustedError` (each gateway's
   * failure for the block no gateway gave) or a `CarVerificationError` (a node that is not a UnixFS file).
   */
  read: (range: ByteRange) => Promise<Uint8Array>;
  /** What was downloaded so far: blocks (and their count) fetched, not those served from the cache. */
  fetched: () => { bytes: number; blocks: number };
};

/**
 * A reader of the file `uri` (`ipfs://<cid>` or a bare CID) names.
 *
 * @example
 * const file = verifiedFileReader("ipfs://bafy…", { gateways: ["http://127.0.0.1:8796"] });
 * const chunk = await file.read({ offset: 123_456_789, length: 8192 });
 */
export function verifiedFileReader(uri: string, parameters: VerifiedFileReaderParameters): VerifiedFileReader {
  const root = cidOf(uri);
  const cacheBytes = parameters.cacheBytes ?? 16 * 1024 * 1024;
  // Insertion order is use order: a hit is moved to the end, the front is dropped first.
  const cache = new Map<string, Uint8Array>();
  let cached = 0;
  let fetchedBytes = 0;
  let fetchedBlocks = 0;

  const block = async (cid: CID): Promise<Uint8Array> => {
    const key = cid.toString();
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const { bytes } = await firstVerified(
      `${root} (block ${key})`,
      parameters,
      (gateway) => gatewayBlockUrl(gateway, key),
      async (answer) => {
        await checkBlock(cid, answer);
        return { bytes: answer };
      },
      RAW_MEDIA_TYPE,
    );
    fetchedBytes += bytes.length;
    fetchedBlocks++;
    cache.set(key, bytes);
    cached += bytes.length;
    for (const [old, oldBytes] of cache) {
      if (cached <= cacheBytes) break;
      cache.delete(old);
      cached -= oldBytes.length;
    }
    return bytes;
  };

  return {
    async read(range) {
      const collector = rangeCollector(range);
      await walkFileRange(root, range, block, collector.visit);
      return collector.bytes();
    },
    fetched: () => ({ bytes: fetchedBytes, blocks: fetchedBlocks }),
  };
}
