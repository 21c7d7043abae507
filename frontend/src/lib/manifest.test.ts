import { manifestBytes } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";
import { type Hex, keccak256, stringToBytes } from "viem";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";

// The settings are read when the module loads: the manifest source must be set before it is imported.
vi.stubEnv("VITE_MANIFEST_URL", "https://manifests.example/epochs/");
const { fetchVerifiedManifest, ManifestError } = await import("./manifest.ts");

let committed: { bytes: Uint8Array; hash: Hex };
beforeAll(async () => {
  // A v3 manifest is committed by its chunk tree's root, which the oracle computes as it writes.
  const { bytes, contentHash } = await manifestBytes(workedManifest());
  committed = { bytes, hash: contentHash };
});
afterEach(() => vi.unstubAllGlobals());

/** Serves `body` (or an HTTP error status) for every fetch. */
function serve(body: Uint8Array | number) {
  const fetch = vi.fn(async () =>
    typeof body === "number" ? new Response(null, { status: body }) : new Response(body.slice()),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

async function failure(manifestHash: Hex) {
  const error = await fetchVerifiedManifest(3n, manifestHash).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ManifestError);
  return error as InstanceType<typeof ManifestError>;
}

describe("fetchVerifiedManifest", () => {
  test("decodes the committed manifest from the configured source", async () => {
    const fetch = serve(committed.bytes);
    const verified = await fetchVerifiedManifest(3n, committed.hash);
    expect(fetch).toHaveBeenCalledWith("https://manifests.example/epochs/epoch-3.json", undefined);
    expect(verified).toMatchObject({
      url: "https://manifests.example/epochs/epoch-3.json",
      contentHash: committed.hash,
      byteLength: committed.bytes.length,
    });
    expect(verified.manifest.leaves.length).toBeGreaterThan(0);
  });

  test("rejects a file that is not the committed one, whether or not it is a manifest", async () => {
    const other = `0x${"ab".repeat(32)}` as Hex;
    serve(committed.bytes);
    expect(await failure(other)).toMatchObject({
      code: "HASH_MISMATCH",
      shortMessage: expect.stringContaining(`hashes to ${committed.hash}, not to the manifestHash ${other}`),
    });
    serve(stringToBytes("<html>not found</html>\n"));
    expect((await failure(other)).code).toBe("HASH_MISMATCH");
  });

  test("names what is wrong with a committed manifest that does not decode", async () => {
    const badField = stringToBytes('{"codeVersion":1,"format":"coherence-epoch-manifest-v1","inputs":{"assets":[\n');
    serve(badField);
    const error = await failure(keccak256(badField));
    expect(error.code).toBe("INVALID");
    expect(error.shortMessage).toBe(
      "The manifest at https://manifests.example/epochs/epoch-3.json is malformed: codeVersion: expected a string, got 1 (line 1).",
    );

    const newer = stringToBytes('{"format":"coherence-epoch-manifest-v9","inputs":{"assets":[\n');
    serve(newer);
    expect(await failure(keccak256(newer))).toMatchObject({
      code: "INVALID",
      shortMessage:
        'The manifest at https://manifests.example/epochs/epoch-3.json has format "coherence-epoch-manifest-v9", which this app does not read (it reads coherence-epoch-manifest-v1, coherence-epoch-manifest-v2, coherence-epoch-manifest-v3).',
    });
  });

  test("says why a manifest cannot be fetched", async () => {
    serve(404);
    const error = await failure(committed.hash);
    expect(error.code).toBe("UNAVAILABLE");
    expect(error.shortMessage).toBe(
      "The manifest of epoch 3 cannot be fetched from https://manifests.example/epochs/epoch-3.json (HTTP 404).",
    );
  });
});
