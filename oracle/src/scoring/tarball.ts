/**
 * Reads the regular files of a gzipped tar archive, as npm publishes packages, as a stream: ustar headers, with the
 * long names of pax (`x`) and GNU (`L`) extension headers. Only what a package tarball holds is read; links,
 * directories and devices are passed over, as they hold no code to fingerprint. The archive is never held whole:
 * a file is buffered only when the caller wants it and it is at most `maxFileBytes`, so reading a package of any
 * size (typescript's is 22 MB unpacked) takes memory bounded by its largest wanted file.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { MalformedTarballError } from "./errors.ts";

/** A file of the archive: its path as archived (npm's start with `package/`) and its bytes. */
export type TarballFile = { path: string; data: Buffer };

/** Which files to read: by path and size; the others are passed over without being buffered. */
export type TarballFilter = { wanted: (path: string) => boolean; maxFileBytes: number };

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
}

function octal(header: Buffer, start: number, length: number, what: string): number {
  const text = field(header, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new MalformedTarballError(`${what} "${text}" is not octal`);
  return text === "" ? 0 : Number.parseInt(text, 8);
}

/** The `path` record of a pax extended header, if it has one. */
function paxPath(data: Buffer): string | undefined {
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space === -1) break;
    const length = Number(data.subarray(i, space).toString("ascii"));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, i + length - 1).toString("utf8");
    if (record.startsWith("path=")) return record.slice(5);
    i += length;
  }
  return undefined;
}

/** Exact reads and skips over a stream of chunks, holding only what has not been consumed yet. */
class ChunkReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  /** Pulls chunks until `bytes` are pending or the stream ends. */
  async #fill(bytes: number): Promise<void> {
    while (this.#pendingBytes < bytes) {
      const next = await this.#chunks.next();
      if (next.done === true) return;
      this.#pending.push(next.value);
      this.#pendingBytes += next.value.length;
    }
  }

  /** The next `bytes` bytes (fewer at the end of the stream). */
  async read(bytes: number): Promise<Buffer> {
    await this.#fill(bytes);
    const all = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    const out = all.subarray(0, bytes);
    const rest = all.subarray(out.length);
    this.#pending = rest.length > 0 ? [rest] : [];
    this.#pendingBytes = rest.length;
    return out;
  }

  /** Passes over the next `bytes` bytes without keeping them; false if the stream ended first. */
  async skip(bytes: number): Promise<boolean> {
    let left = bytes;
    while (left > 0) {
      if (this.#pendingBytes === 0) await this.#fill(1);
      if (this.#pendingBytes === 0) return false;
      const first = this.#pending[0]!;
      if (first.length <= left) {
        this.#pending.shift();
        this.#pendingBytes -= first.length;
        left -= first.length;
      } else {
        this.#pending[0] = first.subarray(left);
        this.#pendingBytes -= left;
        left = 0;
      }
    }
    return true;
  }
}

/**
 * The regular files of a `.tgz` file that `filter` wants and that are at most `filter.maxFileBytes`, in archive
 * order, each read when the previous one has been consumed.
 *
 * @example
 * for await (const file of tarballFiles("ky-1.0.0.tgz", { wanted: isCode, maxFileBytes: 1 << 20 })) file.path // "package/distribution/index.js", ...
 * @throws {MalformedTarballError} when the archive is not gzip or its headers do not parse.
 */
export async function* tarballFiles(path: string, filter: TarballFilter): AsyncGenerator<TarballFile> {
  const gunzip = createReadStream(path).pipe(createGunzip());
  const reader = new ChunkReader(gunzip);
  let longName: string | undefined;
  try {
    for (;;) {
      const header = await reader.read(BLOCK);
      if (header.length < BLOCK || header.every((byte) => byte === 0)) break;
      const size = octal(header, 124, 12, "size");
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      const type = String.fromCharCode(header[156]!);
      const regular = type === "0" || type === "\0";
      const path =
        longName ?? (field(header, 345, 155) === "" ? "" : `${field(header, 345, 155)}/`) + field(header, 0, 100);
      if (type === "x" || type === "L" || (regular && size <= filter.maxFileBytes && filter.wanted(path))) {
        const data = await reader.read(size);
        if (data.length < size || !(await reader.skip(padded - size)))
          throw new MalformedTarballError("an entry runs past the end");
        if (type === "x") longName = paxPath(data) ?? longName;
        else if (type === "L") longName = field(data, 0, data.length);
        else {
          longName = undefined;
          yield { path, data: Buffer.from(data) };
        }
        continue;
      }
      longName = undefined;
      if (!(await reader.skip(padded))) throw new MalformedTarballError("an entry runs past the end");
    }
  } catch (error) {
    // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR) are the archive's; any other (a missing file) is not.
    if (!/^Z_/.test(String((error as NodeJS.ErrnoException).code))) throw error;
    throw new MalformedTarballError("not a gzip stream", { cause: error });
  } finally {
    gunzip.destroy();
  }
}
