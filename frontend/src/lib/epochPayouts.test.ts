import { createServer } from "node:http";
import { cutSlice, indexManifestChunks, manifestBytes } from "@coherence/oracle";
import { workedManifest } from "@coherence/oracle/testing";
import type { Hex } from "viem";
import { afterAll, describe, expect, test, vi } from "vitest";

// A real claims API stand-in over HTTP, started before the app's settings read its URL.
const manifest = workedManifest();
const account = manifest.leaves[0]!.account;
const { bytes, contentHash } = await manifestBytes(manifest);
const index = await indexManifestChunks([bytes], contentHash);
const sliceText = (await cutSlice(index, async (offset, length) => bytes.subarray(offset, offset + length), account))
  .text;
const requests: string[] = [];
const server = createServer((req, res) => {
  requests.push(req.url!);
  const json = (status: number, code: string, message: string) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: { code, message } }));
  const epochPath = `/v1/claims/${account}/epochs/`;
  if (req.url === `${epochPath}${manifest.epoch.number}/slice`) return res.writeHead(200).end(sliceText);
  if (req.url === `${epochPath}7/slice`) return json(404, "MANIFEST_NOT_CHUNKED", "Epoch 7's manifest is v2.");
  if (req.url === `${epochPath}8/slice`) return json(502, "MANIFEST_HASH_MISMATCH", "The manifest changed.");
  return json(404, "NO_LEAVES", "No payout in that epoch.");
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
vi.stubEnv(
  "VITE_INDEXER_URL",
  `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`,
);
const { fetchEpochPayouts } = await import("./epochPayouts.ts");
const { AccountSliceError } = await import("./accountSlice.ts");
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const epoch = { number: manifest.epoch.number, manifestHash: contentHash, payoutRoot: manifest.epoch.payoutRoot };
const mine = manifest.leaves.filter((l) => l.account === account);
const noManifest = async () => {
  throw new Error("the whole manifest must not be read");
};

describe("fetchEpochPayouts", () => {
  test("proves the account's leaves from its slice alone, with the scores they cite", async () => {
    const payouts = await fetchEpochPayouts(account, epoch, noManifest);
    expect(payouts.proof).toBe("slice");
    expect(payouts.leaves.map((l) => [l.token, l.cumulative])).toEqual(mine.map((l) => [l.token, l.cumulative]));
    expect(payouts.byteLength).toBe(new TextEncoder().encode(sliceText).length);
    const cited = new Set(
      mine
        .flatMap((l) => l.sources.flatMap((s) => (s.kind === "contributors" ? s.contributions : [])))
        .map((c) => c.id),
    );
    expect(payouts.scores.map((s) => s.contributionId).sort()).toEqual([...cited].sort());
  });

  test("no payout is the indexer's word; a pre-v3 epoch reads the whole manifest; a refusal keeps the API's code", async () => {
    const other = "0x00000000000000000000000000000000000000d1" as Hex;
    expect(await fetchEpochPayouts(other, epoch, noManifest)).toEqual({
      epoch: epoch.number,
      leaves: [],
      scores: [],
      proof: "indexer",
      byteLength: 0,
    });
    const old = await fetchEpochPayouts(account, { ...epoch, number: 7n }, async () => ({ manifest, byteLength: 9 }));
    expect([old.proof, old.byteLength, old.leaves]).toEqual(["manifest", 9, mine]);
    const refused = await fetchEpochPayouts(account, { ...epoch, number: 8n }, noManifest).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AccountSliceError);
    expect((refused as InstanceType<typeof AccountSliceError>).apiCode).toBe("MANIFEST_HASH_MISMATCH");
    // A slice of another manifest than the committed one is refused, not read.
    const wrong = await fetchEpochPayouts(
      account,
      { ...epoch, manifestHash: `0x${"ab".repeat(32)}` },
      noManifest,
    ).catch((e: unknown) => e);
    expect((wrong as InstanceType<typeof AccountSliceError>).code).toBe("OTHER_MANIFEST");
    expect(requests.every((r) => r.includes("/epochs/"))).toBe(true);
  });
});
