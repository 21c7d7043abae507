/**
 * Reads the regular files of a gzipped tar archive, as npm publishes packages: ustar headers, with the long names
 * of pax (`x`) and GNU (`L`) extension headers. Only what a package tarball holds is read; links, directories and
 * devices are passed over, as they hold no code to fingerprint.
 */
import { gunzipSync } from "node:zlib";
import { MalformedTarballError } from "./errors.ts";

/** A file of the archive: its path as archived (npm's start with `package/`) and its bytes. */
export type TarballFile = { path: string; data: Buffer };

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

/**
 * The regular files of a `.tgz`, in archive order.
 *
 * @example
 * readTarball(readFileSync("ky-1.0.0.tgz")).map((f) => f.path) // ["package/package.json", "package/distribution/index.js", ...]
 * @throws {MalformedTarballError} when the archive is not gzip or its headers do not parse.
 */
export function readTarball(gzipped: Buffer): TarballFile[] {
  let archive: Buffer;
  try {
    archive = gunzipSync(gzipped);
  } catch (error) {
    throw new MalformedTarballError("not a gzip stream", { cause: error });
  }
  const files: TarballFile[] = [];
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12, "size");
    const type = String.fromCharCode(header[156]!);
    const dataStart = offset + BLOCK;
    if (dataStart + size > archive.length) throw new MalformedTarballError("an entry runs past the end");
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") longName = paxPath(data) ?? longName;
    else if (type === "L") longName = field(data, 0, data.length);
    else {
      const prefix = field(header, 345, 155);
      const name = field(header, 0, 100);
      const path = longName ?? (prefix === "" ? name : `${prefix}/${name}`);
      longName = undefined;
      if (type === "0" || type === "\0") files.push({ path, data: Buffer.from(data) });
    }
  }
  return files;
}
