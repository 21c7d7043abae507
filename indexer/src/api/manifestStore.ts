/**
 * Epoch manifests for the claims API: fetched by the CID its proposal recorded (the `propose` calldata's suffix)
 * from the configured IPFS gateways, each block checked against its CID, or else from the configured directory or
 * base URL; streamed through the oracle's validating reader (which keeps nothing itself), and accepted only when their bytes hash to the
 * epoch's on-chain `manifestHash`. What the API answers from is kept for accepted manifests (the leaves by
 * account, the flows by token, the payout tree's nodes; not the inputs, scores or scores tree), a few, least
 * recently used first out; one fetch per manifest however many requests wait for it. Rejections are not
 * cached: a republished file is read again.
 */
import { createReadStream } from "node:fs";
import { open as openFile } from "node:fs/promises";
import path from "node:path";
import { ChunkIndex, type ReadRange, scanManifest } from "@coherence/oracle";
import { type AssetFlow, BaseError, type EpochLeaf, type ManifestHeader } from "@coherence/protocol";
import {
  CarVerificationError,
  GatewaysExhaustedError,
  manifestUriOf,
  UNIXFS_CHUNK_BYTES,
  verifiedFileReader,
  verifiedFileStream,
} from "@coherence/protocol/ipfs";
import { eq } from "ponder";
import type { Hex, PublicClient } from "viem";
import type { ManifestSourceSettings } from "../../config/env.ts";
import type { Db, Tables } from "./claims.ts";
import { ApiError } from "./errors.ts";

/** The on-chain facts a manifest must match. */
export type EpochCommitment = { number: bigint; manifestHash: `0x${string}`; payoutRoot: `0x${string}` };

/** A manifest whose hash matched, indexed for per-account look-ups. */
export type VerifiedManifest = {
  /** The manifest's header: its epoch, config, code version. */
  header: ManifestHeader;
  /** The payout tree's nodes, which every proof is read from. */
  payoutNodes: Uint8Array;
  /** Where it was read from (a file name, a URL, or `ipfs://<cid>`). */
  source: string;
  byteLength: number;
  /** The account's leaves (lower-case address), ascending by token. */
  leavesByAccount: Map<string, (EpochLeaf & { treeIndex: number })[]>;
  /** Flows per token, for explanations. */
  flowsByToken: Map<string, AssetFlow[]>;
  /** A v3 manifest's chunks, located in the file: what an account's slice is cut from. Absent for v1 and v2. */
  chunks?: ChunkIndex;
  /**
   * Reads a byte range of the manifest where it was read from (the file, the URL with a `Range` request, or the
   * gateways with an `entity-bytes` request whose blocks are checked).
   */
  readRange: ReadRange;
};

/** The `ipfs://` URI of the manifest CID the proposal of an epoch recorded, or undefined if it recorded none. */
export type ManifestCidReader = (epoch: EpochCommitment) => Promise<string | undefined>;

/** Manifests fetched from IPFS: the gateways, tried in order, and where each epoch's CID is read. */
export type IpfsManifestSettings = { gateways: readonly string[]; cidOf: ManifestCidReader };

/**
 * Reads the CID an epoch's proposal recorded from its `propose` transaction's input (the transaction the indexer
 * keeps as the epoch's `proposedTx`), over the chain's RPC. A CID says only where the manifest is: what it names
 * must still hash to the on-chain `manifestHash`.
 */
export function proposalCidReader(
  db: Db,
  tables: Tables,
  client: Pick<PublicClient, "getTransaction">,
): ManifestCidReader {
  return async (epoch) => {
    const [row] = await db
      .select({ proposedTx: tables.epoch.proposedTx })
      .from(tables.epoch)
      .where(eq(tables.epoch.id, epoch.number))
      .limit(1);
    if (row === undefined) return undefined;
    let input: Hex;
    try {
      ({ input } = await client.getTransaction({ hash: row.proposedTx }));
    } catch (cause) {
      throw new ApiError(
        "MANIFEST_UNAVAILABLE",
        `The proposal transaction of epoch ${epoch.number} cannot be read from the chain, so neither can the manifest CID it records.`,
        { epoch: epoch.number.toString(), proposedTx: row.proposedTx },
        { cause },
      );
    }
    return manifestUriOf(input);
  };
}

/** What a manifest's bytes are read through: its name in answers, a stream of it, and its byte ranges. */
type OpenedManifest = { name: string; stream: AsyncIterable<Uint8Array>; readRange: ReadRange };

/**
 * A manifest over IPFS: streamed as consecutive ranges of {@link IPFS_READ_BYTES} (each an `entity-bytes` CAR whose
 * every block is checked, so memory holds one range, not the file), and read by range for slices block by block
 * (`verifiedFileReader`: the blocks a chunk needs, each checked and kept for the next slice).
 */
function ipfsManifest(uri: string, gateways: readonly string[]): OpenedManifest {
  // A gateway that does not answer within the time is passed over like one that is down.
  const parameters = { gateways, timeoutMs: 60_000 };
  const unavailable = (cause: unknown) => {
    if (!(cause instanceof GatewaysExhaustedError)) return cause;
    // Each gateway by its URL and what it did wrong (unreachable, an HTTP error, a block that does not hash to its
    // CID): nothing of this server's.
    const failures = cause.failures.map((f) =>
      f.error instanceof CarVerificationError
        ? `${f.gateway}: ${f.error.code} (${f.error.shortMessage})`
        : `${f.gateway}: ${f.error.shortMessage}`,
    );
    return new ApiError(
      "MANIFEST_UNAVAILABLE",
      failures.length === 0
        ? `The epoch manifest ${uri} cannot be fetched: no IPFS gateway is configured.`
        : `The epoch manifest ${uri} cannot be fetched: no IPFS gateway gave verified blocks of it (${failures.join("; ")}).`,
      { source: uri, gateways: failures.join("; ") },
      { cause },
    );
  };
  const blocks = verifiedFileReader(uri, parameters);
  return {
    name: uri,
    stream: (async function* () {
      try {
        yield* verifiedFileStream(uri, parameters, IPFS_READ_BYTES);
      } catch (cause) {
        throw unavailable(cause);
      }
    })(),
    readRange: async (offset, length) => {
      const bytes = await blocks.read({ offset, length }).catch((cause: unknown) => {
        throw unavailable(cause);
      });
      if (bytes.length !== length)
        throw new ApiError("MANIFEST_UNAVAILABLE", `The epoch manifest ${uri} is shorter than when it was read.`, {
          source: uri,
        });
      return bytes;
    },
  };
}

/**
 * How much of a manifest one IPFS request reads while streaming it: 16 MiB, a whole number of blocks of any fixed size
 * up to 1 MiB (the packer's 32 KiB, kubo's 256 KiB), so no block is fetched twice.
 */
const IPFS_READ_BYTES = 64 * UNIXFS_CHUNK_BYTES;

/**
 * Where a manifest is, by the source's pattern (`{epoch}`, `{manifestHash}`): `location` is read, `name` is what
 * answers and errors show, the URL or, for a directory, the file name alone (a server path tells a caller
 * nothing it can use, and tells an attacker the server's layout).
 */
export function manifestLocation(
  source: Exclude<ManifestSourceSettings, { kind: "none" }>,
  epoch: EpochCommitment,
): { location: string; name: string } {
  const name = source.pattern
    .replaceAll("{epoch}", epoch.number.toString())
    .replaceAll("{manifestHash}", epoch.manifestHash.toLowerCase());
  if (source.kind === "url") {
    const url = new URL(name, source.baseUrl).href;
    return { location: url, name: url };
  }
  return { location: path.join(source.directory, name), name };
}

async function open(
  source: Exclude<ManifestSourceSettings, { kind: "none" }>,
  { location, name }: { location: string; name: string },
): Promise<AsyncIterable<Uint8Array>> {
  if (source.kind === "directory") {
    const stream = createReadStream(location);
    // Surface "not found" before reading starts, so it is not mistaken for a malformed manifest.
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    }).catch((cause: NodeJS.ErrnoException) => {
      throw new ApiError(
        "MANIFEST_UNAVAILABLE",
        // The code alone: the system's message names the path.
        `The epoch manifest ${name} cannot be read: ${cause.code ?? "read error"}.`,
        { source: name },
        { cause },
      );
    });
    return stream;
  }
  let response: Response;
  try {
    response = await fetch(location, { signal: AbortSignal.timeout(30_000) });
  } catch (cause) {
    throw new ApiError(
      "MANIFEST_UNAVAILABLE",
      `The epoch manifest cannot be fetched from ${location}: ${(cause as Error).message}.`,
      { source: location },
      { cause },
    );
  }
  if (!response.ok || response.body === null) {
    throw new ApiError("MANIFEST_UNAVAILABLE", `The epoch manifest at ${location} answered HTTP ${response.status}.`, {
      source: location,
    });
  }
  return response.body as unknown as AsyncIterable<Uint8Array>;
}

/**
 * Reads `length` bytes at `offset` of the manifest at `location`: from the file, or by an HTTP `Range` request (a
 * server that ignores the range answers 200 with the whole file, which is refused rather than read whole).
 */
function rangeReader(
  source: Exclude<ManifestSourceSettings, { kind: "none" }>,
  location: string,
  name: string,
): ReadRange {
  const unavailable = (reason: string, cause?: unknown) =>
    new ApiError(
      "MANIFEST_UNAVAILABLE",
      `The epoch manifest ${name} cannot be read: ${reason}.`,
      { source: name },
      { cause },
    );
  if (source.kind === "directory") {
    return async (offset, length) => {
      const file = await openFile(location).catch((cause: NodeJS.ErrnoException) => {
        throw unavailable(cause.code ?? "read error", cause);
      });
      try {
        const bytes = new Uint8Array(length);
        const { bytesRead } = await file.read(bytes, 0, length, offset);
        if (bytesRead !== length) throw unavailable("the file is shorter than when it was read");
        return bytes;
      } finally {
        await file.close();
      }
    };
  }
  return async (offset, length) => {
    let response: Response;
    try {
      response = await fetch(location, {
        headers: { range: `bytes=${offset}-${offset + length - 1}` },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (cause) {
      throw unavailable((cause as Error).message, cause);
    }
    if (response.status !== 206) throw unavailable(`a range request was answered HTTP ${response.status}, not 206`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length !== length) throw unavailable("a range request was answered with another length");
    return bytes;
  };
}

/** Loads, verifies and caches epoch manifests. */
export class ManifestStore {
  readonly #source: ManifestSourceSettings;
  readonly #capacity: number;
  readonly #ipfs: IpfsManifestSettings | undefined;
  readonly #verified = new Map<string, VerifiedManifest>();
  readonly #loading = new Map<string, Promise<VerifiedManifest>>();

  /** With `ipfs`, an epoch whose proposal recorded a CID is fetched by it; the others from `source`. */
  constructor(source: ManifestSourceSettings, capacity: number, ipfs?: IpfsManifestSettings) {
    this.#source = source;
    this.#capacity = capacity;
    this.#ipfs = ipfs !== undefined && ipfs.gateways.length > 0 ? ipfs : undefined;
  }

  /**
   * The manifest of `epoch`, verified against its on-chain commitment.
   * Throws {@link ApiError} (MANIFEST_*) when it cannot be had or does not match.
   */
  async get(epoch: EpochCommitment): Promise<VerifiedManifest> {
    const key = epoch.manifestHash.toLowerCase();
    const hit = this.#verified.get(key);
    if (hit) {
      this.#verified.delete(key);
      this.#verified.set(key, hit);
      return hit;
    }
    let pending = this.#loading.get(key);
    if (!pending) {
      pending = this.#load(epoch).finally(() => this.#loading.delete(key));
      this.#loading.set(key, pending);
    }
    return pending;
  }

  /** Where `epoch`'s manifest is read from: by its CID over IPFS if its proposal recorded one, else the source. */
  async #open(epoch: EpochCommitment): Promise<OpenedManifest> {
    const uri = this.#ipfs !== undefined ? await this.#ipfs.cidOf(epoch) : undefined;
    if (uri !== undefined) return ipfsManifest(uri, this.#ipfs!.gateways);
    const source = this.#source;
    if (source.kind === "none") {
      throw new ApiError(
        "MANIFEST_SOURCE_NOT_CONFIGURED",
        this.#ipfs !== undefined
          ? `The proposal of epoch ${epoch.number} records no manifest CID and the indexer has no other manifest source: set CCN_MANIFEST_DIR or CCN_MANIFEST_URL.`
          : "The indexer has no manifest source: set CCN_MANIFEST_DIR, CCN_MANIFEST_URL or CCN_IPFS_GATEWAYS.",
        { epoch: epoch.number.toString() },
      );
    }
    const where = manifestLocation(source, epoch);
    return {
      name: where.name,
      stream: await open(source, where),
      readRange: rangeReader(source, where.location, where.name),
    };
  }

  async #load(epoch: EpochCommitment): Promise<VerifiedManifest> {
    const { name, stream, readRange } = await this.#open(epoch);
    const leavesByAccount = new Map<string, (EpochLeaf & { treeIndex: number })[]>();
    const flowsByToken = new Map<string, AssetFlow[]>();
    let payoutNodes: Uint8Array = new Uint8Array(0);
    const chunks = new ChunkIndex();
    const group = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    let read: Awaited<ReturnType<typeof scanManifest>>;
    try {
      read = await scanManifest(stream, {
        elements: {
          leaves: (leaf) => group(leavesByAccount, leaf.account, leaf),
          lineageFlows: (flow) => group(flowsByToken, flow.token, flow),
        },
        nodes: (section, nodes) => {
          if (section === "payoutTree.nodes") payoutNodes = nodes;
        },
        chunk: chunks.chunk,
      });
    } catch (cause) {
      if (cause instanceof ApiError) throw cause;
      const message = cause instanceof BaseError ? cause.shortMessage : (cause as Error).message;
      throw new ApiError(
        "MANIFEST_INVALID",
        `The epoch manifest at ${name} is not a valid manifest: ${message}`,
        { source: name },
        { cause },
      );
    }
    if (read.contentHash.toLowerCase() !== epoch.manifestHash.toLowerCase()) {
      throw new ApiError(
        "MANIFEST_HASH_MISMATCH",
        `The manifest at ${name} hashes to ${read.contentHash}, but epoch ${epoch.number} committed manifestHash ${epoch.manifestHash} on-chain: refusing it.`,
        {
          source: name,
          epoch: epoch.number.toString(),
          expectedManifestHash: epoch.manifestHash,
          actualManifestHash: read.contentHash,
        },
      );
    }
    const { header } = read;
    if (
      header.epoch.number !== epoch.number ||
      header.epoch.payoutRoot.toLowerCase() !== epoch.payoutRoot.toLowerCase()
    ) {
      throw new ApiError(
        "MANIFEST_INCONSISTENT",
        `The manifest at ${name} matches the on-chain hash but describes epoch ${header.epoch.number} with payout root ${header.epoch.payoutRoot}, not epoch ${epoch.number} with root ${epoch.payoutRoot}.`,
        { source: name },
      );
    }
    const verified: VerifiedManifest = {
      header,
      payoutNodes,
      source: name,
      byteLength: read.byteLength,
      leavesByAccount,
      flowsByToken,
      ...(read.chunks !== undefined ? { chunks: chunks.finish(read.chunks) } : {}),
      readRange,
    };
    this.#verified.set(epoch.manifestHash.toLowerCase(), verified);
    while (this.#verified.size > this.#capacity) this.#verified.delete(this.#verified.keys().next().value!);
    return verified;
  }
}
