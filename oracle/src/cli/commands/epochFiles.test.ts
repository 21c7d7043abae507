/**
 * `ccn epoch sign`, `submit` and `finalise` given a malformed proposal or signature file: each stops with the
 * file and the field named, exits 1, and sends nothing — the network's RPC never hears from them.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { writeProposalFile, writeSignatureFile } from "../../operator/epochFiles.ts";
import { exampleProposal, exampleSignature } from "../../operator/exampleEpochFiles.ts";
import { command } from "../command.ts";
import { dispatch } from "../dispatch.ts";
import * as epochFinalise from "./epochFinalise.ts";
import * as epochSign from "./epochSign.ts";
import * as epochSubmit from "./epochSubmit.ts";
import { writeTestNetwork } from "./testNetwork.ts";

describe("ccn epoch sign, submit and finalise with a malformed file", () => {
  let dir: string;
  let rpc: Server;
  let requests = 0;
  let config: string;
  let goodProposal: string;
  let goodSignature: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-epoch-files-"));
    rpc = createServer((_request, response) => {
      ++requests;
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => rpc.listen(0, "127.0.0.1", resolve));
    ({ config } = await writeTestNetwork(dir, `http://127.0.0.1:${(rpc.address() as AddressInfo).port}`));
    goodProposal = path.join(dir, "proposal-3.json");
    await writeProposalFile(goodProposal, exampleProposal);
    goodSignature = path.join(dir, "signature-3.json");
    await writeSignatureFile(goodSignature, exampleSignature);
  });
  after(async () => {
    await new Promise((resolve) => rpc.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const ccn = async (...argv: string[]) => {
    let stderr = "";
    const code = await dispatch(
      [command(epochSign), command(epochSubmit), command(epochFinalise)],
      [...argv, "--config", config],
      {
        stdout: () => {},
        stderr: (text) => (stderr += text),
        // A valid key: the files, not the key, must be what stops these commands.
        env: { CCN_ORACLE_PRIVATE_KEY: `0x${"11".repeat(32)}` },
      },
    );
    return { code, stderr };
  };
  /** A copy of `good` with `edit` applied, named for what is wrong with it. */
  const file = async (name: string, good: string, edit: (text: string) => string) => {
    const at = path.join(dir, name);
    await writeFile(at, edit(await readFile(good, "utf8")));
    return at;
  };
  const without = (field: string) => (text: string) => {
    const { [field]: _, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(rest);
  };
  const truncated = (text: string) => text.slice(0, text.length / 2);

  test("a proposal missing a field, with a wrong type or truncated is named, and nothing is sent", async () => {
    const proposals = [
      [await file("proposal-missing.json", goodProposal, without("totals")), "totals: missing"],
      [
        await file("proposal-wrong.json", goodProposal, (text) =>
          text.replace(/"payoutRoot": "0x[0-9a-f]+"/, '"payoutRoot": 7'),
        ),
        "payoutRoot: expected lower-case 0x and 64 hex digits, got 7",
      ],
      [await file("proposal-truncated.json", goodProposal, truncated), "(root): is not JSON"],
    ] as const;
    for (const [bad, problem] of proposals) {
      for (const argv of [
        ["epoch", "sign", bad],
        ["epoch", "submit", bad, goodSignature],
        ["epoch", "finalise", bad],
      ]) {
        const run = await ccn(...argv);
        assert.equal(run.code, 1, argv.join(" "));
        assert.ok(run.stderr.startsWith(`ccn: ${bad}: ${problem}`), run.stderr);
      }
    }
    assert.equal(requests, 0, "no command reached the RPC");
  });

  test("a signature missing a field, with a wrong type or truncated is named, and nothing is sent", async () => {
    const signatures = [
      [await file("signature-missing.json", goodSignature, without("vs")), "vs: missing"],
      [
        await file("signature-wrong.json", goodSignature, (text) =>
          text.replace(/"signer": "0x[0-9a-fA-F]+"/, '"signer": 7'),
        ),
        "signer: expected a 0x-prefixed 20-byte address, got 7",
      ],
      [await file("signature-truncated.json", goodSignature, truncated), "(root): is not JSON"],
    ] as const;
    for (const [bad, problem] of signatures) {
      const run = await ccn("epoch", "submit", goodProposal, bad);
      assert.equal(run.code, 1);
      assert.ok(run.stderr.startsWith(`ccn: ${bad}: ${problem}`), run.stderr);
    }
    assert.equal(requests, 0, "submit did not reach the RPC");
  });

  test("with well-formed files the same commands do reach the RPC, so the counts above mean something", async () => {
    const run = await ccn("epoch", "finalise", goodProposal);
    assert.equal(run.code, 1, "this RPC answers nothing");
    assert.ok(requests > 0);
  });
});
