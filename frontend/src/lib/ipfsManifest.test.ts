import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";

import { manifestBytes, packCar, startCarGateway } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";
import { CarVerificationError, manifestCidSuffix } from "@coherence/protocol/ipfs";
import { concatHex, type Hex } from "viem";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";

import { standInIndexer } from "../test/standInIndexer.ts";

// A real trustless gateway over the worked example's CAR, and one that relays it with a byte changed.
const directory = await mkdtemp(path.join(tmpdir(), "web-ipfs-"));
const { bytes, contentHash } = await manifestBytes(workedManifest());
await writeFile(path.join(directory, "epoch-3.json"), bytes);
const { cid } = await packCar(path.join(directory, "epoch-3.json"), directory);
const gateway = await startCarGateway({ directory });
const tampering = createServer(async (request, response) => {
  const car = new Uint8Array(await (await fetch(`${gateway.url}${request.url}`)).arrayBuffer());
  car[car.length - 1] = (car[car.length - 1] as number) ^ 1;
  response.end(car);
});
await new Promise<void>((resolve) => tampering.listen(0, "127.0.0.1", resolve));
const tamperingUrl = `http://127.0.0.1:${(tampering.address() as { port: number }).port}`;
afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => tampering.close(resolve));
  await rm(directory, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllGlobals());

// The settings are read when the module loads: the gateways must be set before it is imported.
vi.stubEnv("VITE_IPFS_GATEWAYS", `${tamperingUrl},${gateway.url}`);
const { fetchFromIpfs, recordedManifestUri } = await import("./ipfsManifest.ts");
const { fetchVerifiedManifest, ManifestError } = await import("./manifest.ts");

const PROPOSE_TX = `0x${"ab".repeat(32)}` as Hex;
const CALLDATA = "0x12345678" as Hex;
const epochRow = (manifestHash: Hex) => ({ epoch: { proposedTx: PROPOSE_TX, manifestHash } });

/** The indexer names the propose transaction; the chain answers its calldata with the CID appended. */
function sources(manifestHash: Hex, input: Hex = concatHex([CALLDATA, manifestCidSuffix(cid)])) {
  const indexer = standInIndexer([epochRow(manifestHash)]);
  const read: Hex[] = [];
  return {
    read,
    asked: indexer.asked,
    query: indexer.send as never,
    readInput: async (hash: Hex) => {
      read.push(hash);
      return input;
    },
  };
}

describe("manifests from IPFS", () => {
  test("the CID recorded with the epoch's proposal is read from its transaction", async () => {
    const recorded = sources(contentHash);
    expect(await recordedManifestUri(3n, contentHash, undefined, recorded)).toBe(`ipfs://${cid}`);
    expect(recorded.asked[0]?.variables).toEqual({ id: "3" });
    expect(recorded.read).toEqual([PROPOSE_TX]);
    expect(await recordedManifestUri(3n, contentHash, undefined, sources(contentHash, CALLDATA))).toBeUndefined();
    // The indexer's epoch has another manifest: its transaction is not this manifest's.
    const other = sources(`0x${"11".repeat(32)}`);
    expect(await recordedManifestUri(3n, contentHash, undefined, other)).toBeUndefined();
    expect(other.read).toEqual([]);
  });

  test("fetches from the gateways in turn, refusing the one that altered a block", async () => {
    const fetched = await fetchFromIpfs(`ipfs://${cid}`);
    expect(fetched.gateway).toBe(gateway.url);
    expect(fetched.bytes).toEqual(new Uint8Array(bytes));
    expect(fetched.failures.map((f) => f.gateway)).toEqual([tamperingUrl]);
    expect(fetched.failures[0]?.error).toBeInstanceOf(CarVerificationError);
    expect(fetched.failures[0]?.error).toMatchObject({ code: "TAMPERED_BLOCK" });
  });

  test("fetchVerifiedManifest takes the manifest from IPFS and still checks the on-chain hash", async () => {
    // The indexer's GraphQL and the chain's RPC answer over the app's fetch; the gateways are real servers.
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith("/graphql")) return Response.json({ data: epochRow(contentHash) });
      if (url.startsWith("http://127.0.0.1:8545")) {
        const request = JSON.parse(String(init?.body)) as { id: number } | { id: number }[];
        const answer = (r: { id: number }) => ({
          jsonrpc: "2.0",
          id: r.id,
          result: { hash: PROPOSE_TX, input: concatHex([CALLDATA, manifestCidSuffix(cid)]), type: "0x2" },
        });
        return Response.json(Array.isArray(request) ? request.map(answer) : answer(request));
      }
      return realFetch(input, init);
    });
    const verified = await fetchVerifiedManifest(3n, contentHash);
    expect(verified).toMatchObject({ url: `ipfs://${cid}`, contentHash });
    const error = await fetchVerifiedManifest(3n, `0x${"11".repeat(32)}`).catch((caught: unknown) => caught);
    // The indexer's epoch 3 has this manifest, not the one asked for: no CID, and no URL to fall back to.
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as InstanceType<typeof ManifestError>).code).toBe("NOT_CONFIGURED");
  });

  test("when no gateway gives the file, each one's failure is named", async () => {
    vi.stubEnv("VITE_IPFS_GATEWAYS", tamperingUrl);
    vi.resetModules();
    const alone = await import("./ipfsManifest.ts");
    const error = await alone.fetchFromIpfs(`ipfs://${cid}`).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("GatewaysExhaustedError");
    const [failure] = (error as { failures: { gateway: string; error: unknown }[] }).failures;
    expect(failure?.gateway).toBe(tamperingUrl);
    // A fresh module graph has its own error classes: compared by name.
    expect(failure?.error).toMatchObject({ name: "CarVerificationError", code: "TAMPERED_BLOCK" });
  });
});
