/**
 * Fetches a file by CID from IPFS gateways without trusting any of them: each is asked for the file's blocks as a
 * CAR (the trustless gateway protocol, `GET /ipfs/<cid>?format=car`), and the file is assembled only from blocks
 * that hash to their CIDs (./carFile.ts). A gateway that fails, answers something else or alters a block is
 * noted and the next one is tried. What the file must be beyond its CID (a manifest's on-chain hash) the caller
 * still checks. Browser-safe.
 */
import { BaseError } from "../errors.ts";
import { CarVerificationError } from "./carError.ts";
import { cidOf, fileFromCar, fileRangeFromCar } from "./carFile.ts";
import type { ByteRange } from "./fileRange.ts";

/** The media type of a CAR answer (https://specs.ipfs.tech/http-gateways/trustless-gateway/). */
export const CAR_MEDIA_TYPE = "application/vnd.ipld.car";

/** What one gateway did wrong. */
export type GatewayFailure = { gateway: string; error: CarVerificationError | GatewayUnavailableError };

/** A gateway that could not be reached or answered an HTTP error. */
export class GatewayUnavailableError extends BaseError {
  override name = "GatewayUnavailableError";
}

/** No gateway gave the file; `failures` says why for each. */
export class GatewaysExhaustedError extends BaseError {
  override name = "GatewaysExhaustedError";
  readonly failures: readonly GatewayFailure[];
  constructor(cid: string, failures: readonly GatewayFailure[]) {
    super(
      failures.length === 0 ? `No IPFS gateway is configured to fetch ${cid} from.` : `No IPFS gateway gave ${cid}.`,
      { metaMessages: failures.map((f) => `${f.gateway}: ${f.error.name}: ${f.error.shortMessage}`) },
    );
    this.failures = failures;
  }
}

/** The trustless-gateway URL of `cid`'s CAR at `gateway` (a base URL, with or without a trailing slash). */
export function gatewayCarUrl(gateway: string, cid: string): string {
  return new URL(`ipfs/${cid}?format=car&dag-scope=all`, gateway.endsWith("/") ? gateway : `${gateway}/`).href;
}

/**
 * The trustless-gateway URL of the blocks of `cid`'s file that hold `range` (`entity-bytes`, whose bounds are
 * inclusive; it implies `dag-scope=entity`).
 */
export function gatewayCarRangeUrl(gateway: string, cid: string, range: ByteRange): string {
  const bytes = `${range.offset}:${range.offset + range.length - 1}`;
  return new URL(
    `ipfs/${cid}?format=car&dag-scope=entity&entity-bytes=${bytes}`,
    gateway.endsWith("/") ? gateway : `${gateway}/`,
  ).href;
}

export type VerifiedFetchParameters = {
  /** Gateway base URLs, tried in order. */
  gateways: readonly string[];
  signal?: AbortSignal | undefined;
  /** Refuse files larger than this. */
  maxBytes?: number | undefined;
  /** How long one gateway may take to answer before the next is asked (default: no limit but the caller's signal). */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
};

export type VerifiedFetchReturnType = {
  bytes: Uint8Array;
  gateway: string;
  failures: readonly GatewayFailure[];
  /** The bytes of the CAR the file was read from (what was downloaded from `gateway`). */
  carBytes: number;
};

/**
 * The bytes of the file `uri` (`ipfs://<cid>` or a bare CID) names, from the first gateway whose CAR verifies.
 * Throws {@link GatewaysExhaustedError} (each gateway's failure listed), a {@link CarVerificationError} for a
 * malformed CID, or the abort.
 *
 * @example
 * const { bytes, gateway } = await verifiedFetch("ipfs://bafy…", { gateways: ["http://127.0.0.1:8080"] });
 */
export async function verifiedFetch(
  uri: string,
  parameters: VerifiedFetchParameters,
): Promise<VerifiedFetchReturnType> {
  const cid = cidOf(uri);
  return firstVerified(
    cid.toString(),
    parameters,
    (gateway) => gatewayCarUrl(gateway, cid.toString()),
    async (car) => ({ bytes: await fileFromCar(car, cid, { maxBytes: parameters.maxBytes }) }),
  );
}

export type VerifiedFetchRangeReturnType = VerifiedFetchReturnType & {
  /** The whole file's size, as its root block declares it. */
  fileBytes: number;
};

/**
 * `range` of the file `uri` names, from the first gateway whose `entity-bytes` CAR verifies: only the blocks that
 * hold the range are asked for (whole blocks: kubo's are 256 KiB), each checked against its CID, and their places in
 * the file come from their verified parents, so no gateway can move or alter a byte. `bytes` is shorter than asked
 * only where the file ends first (`fileBytes` says where). Throws as {@link verifiedFetch} does.
 *
 * @example
 * const { bytes } = await verifiedFetchRange("ipfs://bafy…", { offset: 1 << 20, length: 8192 }, { gateways });
 */
export async function verifiedFetchRange(
  uri: string,
  range: ByteRange,
  parameters: VerifiedFetchParameters,
): Promise<VerifiedFetchRangeReturnType> {
  const cid = cidOf(uri);
  if (
    !Number.isSafeInteger(range.offset) ||
    range.offset < 0 ||
    !Number.isSafeInteger(range.length) ||
    range.length < 1
  )
    throw new RangeError(
      `A range is an offset of 0 or more and a length of 1 or more, not ${range.offset}+${range.length}.`,
    );
  return firstVerified(
    cid.toString(),
    parameters,
    (gateway) => gatewayCarRangeUrl(gateway, cid.toString(), range),
    (car) => fileRangeFromCar(car, cid, range),
  );
}

/**
 * The file `uri` names as a stream of verified ranges of `stepBytes` (16 MiB unless told), each from the first
 * gateway whose `entity-bytes` CAR verifies ({@link verifiedFetchRange}): a file of any size read with memory for one
 * range. Choose a step that is a whole number of the file's blocks, so no block is fetched twice. Throws as
 * {@link verifiedFetch} does, while it is read.
 *
 * @example
 * for await (const bytes of verifiedFileStream("ipfs://bafy…", { gateways })) hash.update(bytes);
 */
export async function* verifiedFileStream(
  uri: string,
  parameters: VerifiedFetchParameters,
  stepBytes: number = 16 * 1024 * 1024,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (;;) {
    const { bytes, fileBytes } = await verifiedFetchRange(uri, { offset, length: stepBytes }, parameters);
    if (bytes.length > 0) yield bytes;
    offset += bytes.length;
    if (offset >= fileBytes || bytes.length === 0) return;
  }
}

/**
 * Asks each gateway in turn for the answer at `urlOf(gateway)` (a CAR, or the `accept`ed type) until `read`
 * verifies one; `carBytes` is the length of that answer.
 */
export async function firstVerified<T>(
  cid: string,
  parameters: VerifiedFetchParameters,
  urlOf: (gateway: string) => string,
  read: (answer: Uint8Array) => Promise<T>,
  accept: string = CAR_MEDIA_TYPE,
): Promise<T & { gateway: string; failures: readonly GatewayFailure[]; carBytes: number }> {
  const fetcher = parameters.fetch ?? globalThis.fetch;
  const failures: GatewayFailure[] = [];
  for (const gateway of parameters.gateways) {
    const url = urlOf(gateway);
    let car: Uint8Array;
    try {
      // A timeout (TimeoutError) is this gateway's failure; the caller's abort (AbortError) ends the fetch.
      const signals = [
        ...(parameters.signal ? [parameters.signal] : []),
        ...(parameters.timeoutMs !== undefined ? [AbortSignal.timeout(parameters.timeoutMs)] : []),
      ];
      const response = await fetcher(url, {
        headers: { accept },
        ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      car = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      if ((cause as Error).name === "AbortError") throw cause;
      failures.push({
        gateway,
        error: new GatewayUnavailableError(`${url} did not answer (${(cause as Error).message}).`, { cause }),
      });
      continue;
    }
    try {
      return { ...(await read(car)), gateway, failures, carBytes: car.length };
    } catch (error) {
      if (!(error instanceof CarVerificationError)) throw error;
      failures.push({ gateway, error });
    }
  }
  throw new GatewaysExhaustedError(cid, failures);
}
