import { cutSlice, indexManifestChunks, manifestBytes } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";
import type { Hex } from "viem";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";

// The settings are read when the module loads: the indexer's URL must be set before it is imported.
vi.stubEnv("VITE_INDEXER_URL", "https://indexer.example");
const { AccountSliceError, fetchAccountSlice, sliceInputs } = await import("./accountSlice.ts");
const { checkedCostsOf } = await import("./checkedCosts.ts");

const manifest = workedManifest();
const leaf = manifest.leaves[0]!;
const account = leaf.account;
let text: string;
let epoch: { number: bigint; manifestHash: Hex; payoutRoot: Hex };
beforeAll(async () => {
  const { bytes, contentHash } = await manifestBytes(manifest);
  const index = await indexManifestChunks([bytes], contentHash);
  text = (await cutSlice(index, async (offset, length) => bytes.subarray(offset, offset + length), account)).text;
  epoch = { number: manifest.epoch.number, manifestHash: contentHash, payoutRoot: manifest.epoch.payoutRoot };
});
afterEach(() => vi.unstubAllGlobals());

function serve(body: string, status = 200) {
  const fetch = vi.fn(async () => new Response(body, { status }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

async function failure(committed = epoch) {
  const error = await fetchAccountSlice(account, committed).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AccountSliceError);
  return error as InstanceType<typeof AccountSliceError>;
}

describe("fetchAccountSlice", () => {
  test("fetches only the account's slice from the claims API and proves it against the on-chain hash", async () => {
    const fetch = serve(text);
    const result = await fetchAccountSlice(account, epoch);
    expect(fetch).toHaveBeenCalledWith(`https://indexer.example/v1/claims/${account}/slice`, undefined);
    expect(result.kind).toBe("slice");
    if (result.kind !== "slice") return;
    expect(result.slice.leaves.map((l) => l.cumulative)).toEqual(
      manifest.leaves.filter((l) => l.account === account).map((l) => l.cumulative),
    );
    // The explanation's inputs are those of the whole manifest for every contribution the leaves weigh.
    const { costs, flows } = sliceInputs(result.slice);
    const whole = checkedCostsOf(manifest);
    for (const [id, cost] of checkedCostsOf(costs)) expect(cost).toEqual(whole.get(id));
    for (const source of leaf.sources) {
      expect(flows.filter((f) => f.assetId === source.assetId)).toEqual(
        manifest.lineageFlows.filter((f) => f.assetId === source.assetId),
      );
    }
  });

  test("refuses a tampered slice, or one of another epoch, saying why", async () => {
    serve(text.replace(/"amount":"(\d+)"/, (_, n: string) => `"amount":"${BigInt(n) + 1n}"`));
    expect((await failure()).code).toBe("CHUNK_PROOF");
    serve(text);
    expect((await failure({ ...epoch, manifestHash: `0x${"ab".repeat(32)}` })).code).toBe("OTHER_MANIFEST");
    serve(text);
    expect((await failure({ ...epoch, number: epoch.number + 1n })).code).toBe("OTHER_EPOCH");
  });

  test("an epoch published before slices is reported as such, for the caller to read the whole manifest", async () => {
    serve(
      JSON.stringify({
        error: { code: "MANIFEST_NOT_CHUNKED", message: "Epoch 2's manifest is v2: it has no slices." },
      }),
      404,
    );
    expect(await fetchAccountSlice(account, epoch)).toEqual({
      kind: "not-chunked",
      message: "Epoch 2's manifest is v2: it has no slices.",
    });
  });

  test("says why a slice cannot be had: an unreachable API or an error answer", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const unreachable = await failure();
    expect(unreachable.code).toBe("UNAVAILABLE");
    expect(unreachable.shortMessage).toMatch(/cannot be fetched from .*\(Failed to fetch\)/);
    serve(
      JSON.stringify({ error: { code: "MANIFEST_UNAVAILABLE", message: "The epoch manifest cannot be read." } }),
      502,
    );
    const refused = await failure();
    expect([refused.code, refused.apiCode]).toEqual(["REFUSED", "MANIFEST_UNAVAILABLE"]);
    expect(refused.shortMessage).toMatch(/HTTP 502 MANIFEST_UNAVAILABLE .*The epoch manifest cannot be read\./);
    serve("<html>bad gateway</html>", 502);
    expect((await failure()).code).toBe("UNAVAILABLE");
  });

  test("one epoch's slice comes from that epoch's route; no payout in it is the indexer's word, not a failure", async () => {
    const fetch = serve(text);
    const result = await fetchAccountSlice(account, epoch, undefined, "epoch");
    expect(fetch).toHaveBeenCalledWith(
      `https://indexer.example/v1/claims/${account}/epochs/${epoch.number}/slice`,
      undefined,
    );
    expect(result.kind).toBe("slice");
    serve(JSON.stringify({ error: { code: "NO_LEAVES", message: "No payout in epoch 2." } }), 404);
    expect(await fetchAccountSlice(account, epoch, undefined, "epoch")).toEqual({
      kind: "no-leaves",
      message: "No payout in epoch 2.",
    });
    serve(JSON.stringify({ error: { code: "NO_SUCH_EPOCH", message: "No epoch 9 has been proposed." } }), 404);
    expect((await failure()).apiCode).toBe("NO_SUCH_EPOCH");
  });
});
