import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MANIFEST_FORMAT_V2 } from "@coherence/protocol";
import { keccak_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { computeEpoch } from "../epoch/computeEpoch.ts";
import { assembleManifest } from "./assembleManifest.ts";
import { epochInputOf } from "./epochInputOf.ts";
import { readManifest } from "./readManifest.ts";
import { workedManifest, workedManifestParameters } from "./workedManifest.ts";
import { manifestBytes, writeManifest } from "./writeManifest.ts";

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

describe("writeManifest", () => {
  test("writes one canonical JSON document, one large-array element per line, committed by its chunk root", async () => {
    const { bytes, contentHash, byteLength } = await manifestBytes(workedManifest());
    const lines = text(bytes).split("\n");
    assert.equal(lines.at(-1), "");
    assert.ok(
      lines[0]!.startsWith(
        '{"codeVersion":"coherence-oracle@0.1.0","config":{"costs":{"priceTables":[],"requireReports":false,"windowAfterSeconds":86400,"windowBeforeSeconds":2592000},"multiplier":{"baseBps":5000,"kind":"linear","slopeBps":10000}',
      ),
    );
    assert.equal(lines[1], '{"id":"1","parents":[]},');
    assert.equal(lines.at(-2), "]}}");
    const parsed = JSON.parse(text(bytes)) as { leaves: unknown[]; payoutTree: { nodes: string[] } };
    assert.equal(parsed.leaves.length, 10);
    assert.equal(parsed.payoutTree.nodes.length, 19);
    assert.equal(byteLength, bytes.length);
    // v3: the hash is the chunk tree's root (protocol's manifestChunks tests model it), which the reader recomputes.
    assert.notEqual(contentHash, `0x${Buffer.from(keccak_256(bytes)).toString("hex")}`);
    assert.equal((await readManifest([bytes])).contentHash, contentHash);
  });

  test("a v2 manifest is still committed by the keccak256 of its bytes, and reads back with that hash", async () => {
    const v2 = { ...workedManifest(), format: MANIFEST_FORMAT_V2 } as const;
    const { bytes, contentHash } = await manifestBytes(v2);
    assert.equal(contentHash, `0x${Buffer.from(keccak_256(bytes)).toString("hex")}`);
    const read = await readManifest([bytes]);
    assert.equal(read.contentHash, contentHash);
    assert.equal(read.chunks, undefined);
    assert.equal(read.manifest.format, MANIFEST_FORMAT_V2);
  });

  test("same inputs give byte-identical manifests, whatever their order", async () => {
    const first = await manifestBytes(workedManifest());
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const parameters = workedManifestParameters();
        const shuffle = <T>(xs: readonly T[]): T[] => {
          const out = [...xs];
          let s = seed >>> 0 || 7;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const input = {
          ...parameters.input,
          assets: shuffle(parameters.input.assets),
          contributions: shuffle(parameters.input.contributions),
          scores: shuffle(parameters.input.scores),
          revenue: shuffle(parameters.input.revenue),
          previous: shuffle(parameters.input.previous),
        };
        const again = await manifestBytes(assembleManifest({ ...parameters, input, result: computeEpoch(input) }));
        assert.equal(again.contentHash, first.contentHash);
        assert.deepEqual(again.bytes, first.bytes);
      }),
      { numRuns: 20 },
    );
  });

  test("a manifest recomputed from a published one is byte-identical (what an auditor does)", async () => {
    const published = await manifestBytes(workedManifest());
    const { manifest } = await readManifest([published.bytes]);
    const parameters = workedManifestParameters();
    const input = { ...epochInputOf(manifest), scores: manifest.scores };
    const recomputed = await manifestBytes(
      assembleManifest({
        codeVersion: manifest.codeVersion,
        epoch: manifest.epoch,
        input,
        scoringConfig: manifest.config.scoring,
        result: computeEpoch(input),
      }),
    );
    assert.equal(recomputed.contentHash, published.contentHash);
    assert.deepEqual(parameters.epoch, { number: 2n, fromBlock: 101n, toBlock: 200n });
  });

  test("a committed chain state leads the header and reads back; without one the header has no such field", async () => {
    const parameters = workedManifestParameters();
    const chainState = { block: parameters.epoch.toBlock, hash: `0x${"AB".repeat(32)}` as const };
    const withState = await manifestBytes(assembleManifest({ ...parameters, chainState }));
    const without = await manifestBytes(workedManifest());
    const [line, ...rest] = text(withState.bytes).split("\n");
    assert.ok(line!.startsWith(`{"chainState":{"block":"200","hash":"0x${"ab".repeat(32)}"},"codeVersion":`));
    assert.equal(line!.replace(/"chainState":\{[^}]*\},/, ""), text(without.bytes).split("\n")[0]);
    assert.deepEqual(rest, text(without.bytes).split("\n").slice(1), "only the header line differs");
    assert.notEqual(withState.contentHash, without.contentHash, "the state is committed by the manifest hash");
    const read = await readManifest([withState.bytes]);
    assert.deepEqual(read.manifest.chainState, { block: 200n, hash: `0x${"ab".repeat(32)}` });
    assert.equal(read.contentHash, withState.contentHash);
    assert.equal((await readManifest([without.bytes])).manifest.chainState, undefined);
    assert.throws(
      () => assembleManifest({ ...parameters, chainState: { ...chainState, block: 199n } }),
      /chain state is at block 199; epoch 2 ends at 200/,
    );
  });

  test("honours a Node stream's backpressure and leaves it open", async () => {
    const { PassThrough } = await import("node:stream");
    const stream = new PassThrough({ highWaterMark: 16 });
    const received: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of stream) received.push(chunk as Buffer);
    })();
    const written = await writeManifest(workedManifest(), stream);
    assert.ok(!stream.writableEnded);
    stream.end();
    await reading;
    assert.equal(Buffer.concat(received).length, written.byteLength);
  });
});
