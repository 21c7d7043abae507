/**
 * The npm registry as the dependency index reads it, through a content-addressed cache on disk: a tarball is
 * kept under its integrity hash and checked against it on every read, so what is fingerprinted is exactly the
 * published package whatever the network does, and nothing is fetched twice. A package's list of versions is
 * kept with the time it was fetched: versions are never republished, so a list fetched after an instant holds
 * every version published before it, and resolving a range "as of" that instant needs no new fetch.
 * What the registry answers (no such package, no such version, bytes that do not match) is a fact anyone can
 * check and is returned; failing to reach it is this machine's state and throws {@link DependencyRegistryError}.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { DependencyRegistryError } from "./errors.ts";

/** A published version: when, its integrity (`sha512-<base64>`, or `sha1-<hex>` for old packages), its tarball. */
export type PublishedVersion = { version: string; time: string; integrity: string; tarball: string };

/** A package's versions, and when they were fetched (seconds since the epoch). */
type CachedVersions = { fetchedAt: number; versions: PublishedVersion[] };

/**
 * What was read of a tarball: the cached file holding exactly its published bytes, or why it cannot be had
 * (recorded, the same for everyone).
 */
export type TarballResult = { path: string; bytes: number } | { missing: string };

/** Where the registry is and where this machine caches what it read of it. */
export type RegistryAccess = { registry: string; cache: string };

async function request(url: string): Promise<Response | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, redirect: "follow" });
  } catch (error) {
    throw new DependencyRegistryError(url, (error as Error).message, { cause: error });
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw new DependencyRegistryError(url, `HTTP ${response.status}`);
  return response;
}

/** Writes `data` to `path` atomically, so a concurrent reader never sees half a file. */
async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The registry's URL of a package's document (`@scope/name` keeps its `@`, escapes its `/`). */
function packageUrl(registry: string, name: string): string {
  return `${registry.replace(/\/$/, "")}/${encodeURIComponent(name).replace(/^%40/, "@")}`;
}

/**
 * Every version of `name` published up to `asOf` (seconds since the epoch), from the cache when it was fetched
 * after that instant; `undefined` if the registry has no such package.
 *
 * @throws {DependencyRegistryError} when the registry cannot be read.
 */
export async function publishedVersions(
  access: RegistryAccess,
  name: string,
  asOf: number,
): Promise<PublishedVersion[] | undefined> {
  const directory = join(access.cache, "versions");
  const path = join(directory, `${encodeURIComponent(name)}.json`);
  const cached = await readIfPresent(path);
  let entry = cached === undefined ? undefined : (JSON.parse(cached.toString("utf8")) as CachedVersions | null);
  if (entry === undefined || (entry !== null && entry.fetchedAt <= asOf)) {
    const fetchedAt = Math.floor(Date.now() / 1000);
    const response = await request(packageUrl(access.registry, name));
    if (response === undefined) entry = null;
    else {
      const document = (await response.json()) as {
        time?: Record<string, string>;
        versions?: Record<string, { dist?: { integrity?: string; shasum?: string; tarball?: string } }>;
      };
      const versions: PublishedVersion[] = [];
      for (const [version, { dist }] of Object.entries(document.versions ?? {})) {
        const time = document.time?.[version];
        const integrity = dist?.integrity ?? (dist?.shasum !== undefined ? `sha1-${dist.shasum}` : undefined);
        if (time === undefined || integrity === undefined || dist?.tarball === undefined) continue;
        versions.push({ version, time, integrity, tarball: dist.tarball });
      }
      entry = { fetchedAt, versions };
    }
    await mkdir(directory, { recursive: true });
    // A package the registry does not have is cached too: that answer is as durable as a published version.
    await writeAtomically(path, JSON.stringify(entry));
  }
  if (entry === null) return undefined;
  return entry.versions.filter((v) => Date.parse(v.time) <= asOf * 1000);
}

/** The strongest hash of an integrity string (`sha512-…`, several separated by spaces) as `[algorithm, hex]`. */
export function integrityDigest(integrity: string): [algorithm: string, hex: string] | undefined {
  const preference = ["sha512", "sha384", "sha256", "sha1"];
  const parsed = integrity
    .trim()
    .split(/\s+/)
    .map((part) => /^(sha512|sha384|sha256|sha1)-(.+)$/.exec(part))
    .filter((match) => match !== null)
    .map((match) => {
      const value = match[2]!;
      // npm writes base64; a bare sha1 shasum (40 hex digits) is accepted as its hex.
      const hex = /^[0-9a-f]{40}$/.test(value) ? value : Buffer.from(value, "base64").toString("hex");
      return [match[1]!, hex] as [string, string];
    })
    .sort((a, b) => preference.indexOf(a[0]) - preference.indexOf(b[0]));
  return parsed[0];
}

/** The `algorithm` digest (hex) and size of a file, read as a stream. */
async function digestOf(path: string, algorithm: string): Promise<{ hex: string; bytes: number } | undefined> {
  const hash = createHash(algorithm);
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { hex: hash.digest("hex"), bytes };
}

/**
 * The published tarball with `integrity`, from the cache or else the registry, checked against the integrity
 * either way; a tarball larger than `maxBytes` is not read. It is streamed to the cache, never held in memory.
 *
 * @throws {DependencyRegistryError} when the registry cannot be read.
 */
export async function packageTarball(
  access: RegistryAccess,
  tarball: string,
  integrity: string,
  maxBytes: number,
): Promise<TarballResult> {
  const digest = integrityDigest(integrity);
  if (digest === undefined) return { missing: `unsupported integrity "${integrity}"` };
  const [algorithm, hex] = digest;
  const directory = join(access.cache, "tarballs");
  const path = join(directory, `${algorithm}-${hex}.tgz`);
  const tooLarge = (bytes: number) => ({
    missing: `the tarball is ${bytes} bytes, over maxTarballBytes (${maxBytes})`,
  });
  const cached = await digestOf(path, algorithm);
  if (cached?.hex === hex) return cached.bytes > maxBytes ? tooLarge(cached.bytes) : { path, bytes: cached.bytes };
  const response = await request(tarball);
  if (response === undefined) return { missing: "the registry has no such tarball" };
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (length > maxBytes || response.body === null) {
    await response.body?.cancel();
    return response.body === null ? { missing: "the registry sent no tarball" } : tooLarge(length);
  }
  await mkdir(directory, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const hash = createHash(algorithm);
  let bytes = 0;
  const out = createWriteStream(temporary);
  try {
    for await (const chunk of Readable.fromWeb(
      response.body as WebReadableStream<Uint8Array>,
    ) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) break;
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, "drain");
    }
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw new DependencyRegistryError(tarball, (error as Error).message, { cause: error });
  }
  out.end();
  await finished(out);
  if (bytes > maxBytes || hash.digest("hex") !== hex) {
    await rm(temporary, { force: true });
    return bytes > maxBytes ? tooLarge(bytes) : { missing: `the tarball does not match its integrity ${integrity}` };
  }
  await rename(temporary, path);
  return { path, bytes };
}
