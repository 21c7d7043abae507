import assert from "node:assert/strict";
import { test } from "node:test";
import { MalformedFieldError } from "@coherence/protocol";
import { recoverTypedDataAddress } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { coherenceFileText, DEFAULT_GATES, gatesOf, optInTypedData, parseCoherenceFile } from "./coherenceFile.ts";

const owner = privateKeyToAccount(generatePrivateKey());
const fields = {
  repository: "github.com/octo-org/lib",
  chainId: 31337,
  assetId: 1n,
  distributor: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const,
  gates: { rateLimit: { count: 2, windowSeconds: 3600 } },
};

test("an owner's .coherence.json reads back as written, and its signature recovers the owner", async () => {
  const signature = await owner.signTypedData(optInTypedData(fields));
  const file = parseCoherenceFile(coherenceFileText({ ...fields, signature }));
  assert.deepEqual(file, { format: "coherence-intake-v1", ...fields, signature });
  assert.equal(await recoverTypedDataAddress({ ...optInTypedData(file), signature }), owner.address);
});

test("the signature covers the gates: loosening them is another statement the owner did not sign", async () => {
  const signature = await owner.signTypedData(optInTypedData(fields));
  const loosened = { ...fields, gates: { rateLimit: { count: 200, windowSeconds: 3600 } } };
  assert.notEqual(await recoverTypedDataAddress({ ...optInTypedData(loosened), signature }), owner.address);
  const moved = { ...fields, repository: "github.com/mallory/lib" };
  assert.notEqual(await recoverTypedDataAddress({ ...optInTypedData(moved), signature }), owner.address);
});

test("gates not written take their defaults", () => {
  assert.deepEqual(gatesOf(undefined), DEFAULT_GATES);
  assert.deepEqual(gatesOf(fields.gates), { ...DEFAULT_GATES, rateLimit: { count: 2, windowSeconds: 3600 } });
});

test("a malformed file is refused naming the field", () => {
  const text = coherenceFileText({ ...fields, signature: "0x00" }).replace('"assetId": "1"', '"assetId": 1');
  assert.throws(
    () => parseCoherenceFile(text, "github.com/octo-org/lib/.coherence.json"),
    (error: unknown) => {
      assert.ok(error instanceof MalformedFieldError);
      assert.equal(error.field, "assetId");
      return true;
    },
  );
});
