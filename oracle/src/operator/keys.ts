/**
 * An operator's signing key, from the environment or an encrypted keystore (Web3 Secret Storage JSON, as
 * geth, Foundry's `cast wallet` and ethers write it) — never from the repository.
 */
import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "@coherence/protocol";
import { Wallet } from "ethers";
import { type LocalAccount, privateKeyToAccount } from "viem/accounts";

const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;

/**
 * The account in `CCN_ORACLE_PRIVATE_KEY`, or in the keystore file `CCN_ORACLE_KEYSTORE` decrypted with
 * `CCN_ORACLE_KEYSTORE_PASSWORD`.
 */
export async function loadOperatorAccount(env: NodeJS.ProcessEnv = process.env): Promise<LocalAccount> {
  const key = env.CCN_ORACLE_PRIVATE_KEY;
  if (key !== undefined && key !== "") {
    if (!PRIVATE_KEY.test(key))
      throw new InvalidArgumentError("CCN_ORACLE_PRIVATE_KEY is not a 0x-prefixed 32-byte hex key.");
    return privateKeyToAccount(key as `0x${string}`);
  }
  const keystore = env.CCN_ORACLE_KEYSTORE;
  if (keystore === undefined || keystore === "") {
    throw new InvalidArgumentError(
      "No operator key: set CCN_ORACLE_PRIVATE_KEY, or CCN_ORACLE_KEYSTORE and CCN_ORACLE_KEYSTORE_PASSWORD.",
    );
  }
  const password = env.CCN_ORACLE_KEYSTORE_PASSWORD;
  if (password === undefined)
    throw new InvalidArgumentError("CCN_ORACLE_KEYSTORE is set but CCN_ORACLE_KEYSTORE_PASSWORD is not.");
  let json: string;
  try {
    json = await readFile(keystore, "utf8");
  } catch (cause) {
    throw new InvalidArgumentError(`The keystore ${keystore} cannot be read.`, { cause });
  }
  try {
    const wallet = await Wallet.fromEncryptedJson(json, password);
    return privateKeyToAccount(wallet.privateKey as `0x${string}`);
  } catch (cause) {
    throw new InvalidArgumentError(`The keystore ${keystore} cannot be decrypted with that password.`, { cause });
  }
}
