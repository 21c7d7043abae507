import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";
import { encryptKeystoreJson, Wallet } from "ethers";
import { ACCOUNT_KEY, loadAccount, loadOperatorAccount } from "./keys.ts";

describe("loadOperatorAccount", () => {
  const wallet = Wallet.createRandom();
  let dir: string;
  let keystore: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-keys-"));
    keystore = path.join(dir, "operator.json");
    // A cheap scrypt cost keeps the test fast; the format is the standard Web3 Secret Storage one.
    await writeFile(
      keystore,
      await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, "correct horse", {
        scrypt: { N: 1 << 10 },
      }),
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("reads a private key from the environment", async () => {
    const account = await loadOperatorAccount({ CCN_ORACLE_PRIVATE_KEY: wallet.privateKey });
    assert.equal(account.address, wallet.address);
  });

  test("decrypts an encrypted keystore", async () => {
    const account = await loadOperatorAccount({
      CCN_ORACLE_KEYSTORE: keystore,
      CCN_ORACLE_KEYSTORE_PASSWORD: "correct horse",
    });
    assert.equal(account.address, wallet.address);
  });

  test("names a wrong keystore password", async () => {
    await assert.rejects(
      loadOperatorAccount({ CCN_ORACLE_KEYSTORE: keystore, CCN_ORACLE_KEYSTORE_PASSWORD: "wrong" }),
      (e: unknown) => e instanceof InvalidArgumentError && /cannot be decrypted with that password/.test(e.message),
    );
  });

  test("names a malformed key, a missing password and a missing key", async () => {
    await assert.rejects(
      loadOperatorAccount({ CCN_ORACLE_PRIVATE_KEY: "0x1234" }),
      /not a 0x-prefixed 32-byte hex key/,
    );
    await assert.rejects(loadOperatorAccount({ CCN_ORACLE_KEYSTORE: keystore }), /CCN_ORACLE_KEYSTORE_PASSWORD is not/);
    await assert.rejects(loadOperatorAccount({}), /No operator key/);
    await assert.rejects(
      loadOperatorAccount({ CCN_ORACLE_KEYSTORE: path.join(dir, "missing.json"), CCN_ORACLE_KEYSTORE_PASSWORD: "x" }),
      /cannot be read/,
    );
  });
});

test("an account's key is read from its own variables, never the operator's", async () => {
  const wallet = Wallet.createRandom();
  const account = await loadAccount({ CCN_PRIVATE_KEY: wallet.privateKey }, ACCOUNT_KEY);
  assert.equal(account.address, wallet.address);
  await assert.rejects(
    loadAccount({ CCN_ORACLE_PRIVATE_KEY: wallet.privateKey }, ACCOUNT_KEY),
    /No account key: set CCN_PRIVATE_KEY, or CCN_KEYSTORE and CCN_KEYSTORE_PASSWORD\./,
  );
});
