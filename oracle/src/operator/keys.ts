/**
 * A signing key, from the environment or an encrypted keystore (Web3 Secret Storage JSON, as geth, Foundry's
 * `cast wallet` and ethers write it) — never from the repository. Operators sign epochs with theirs
 * (`CCN_ORACLE_*`); owners, payers, attesters and authors send with their account's (`CCN_*`), so an operator's
 * machine never signs a payment with the oracle's key by mistake.
 */
import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "@coherence/protocol";
import { Wallet } from "ethers";
import { type LocalAccount, privateKeyToAccount } from "viem/accounts";

const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;

/** The environment variables a key is read from, and whose key it is (for messages). */
export type KeyVariables = {
  readonly key: string;
  readonly keystore: string;
  readonly password: string;
  readonly whose: string;
};

export const OPERATOR_KEY: KeyVariables = {
  key: "CCN_ORACLE_PRIVATE_KEY",
  keystore: "CCN_ORACLE_KEYSTORE",
  password: "CCN_ORACLE_KEYSTORE_PASSWORD",
  whose: "operator",
};

export const ACCOUNT_KEY: KeyVariables = {
  key: "CCN_PRIVATE_KEY",
  keystore: "CCN_KEYSTORE",
  password: "CCN_KEYSTORE_PASSWORD",
  whose: "account",
};

/** The account in `variables.key`, or in the keystore file `variables.keystore` decrypted with `variables.password`. */
export async function loadAccount(env: NodeJS.ProcessEnv, variables: KeyVariables): Promise<LocalAccount> {
  const key = env[variables.key];
  if (key !== undefined && key !== "") {
    if (!PRIVATE_KEY.test(key))
      throw new InvalidArgumentError(`${variables.key} is not a 0x-prefixed 32-byte hex key.`);
    return privateKeyToAccount(key as `0x${string}`);
  }
  const keystore = env[variables.keystore];
  if (keystore === undefined || keystore === "") {
    throw new InvalidArgumentError(
      `No ${variables.whose} key: set ${variables.key}, or ${variables.keystore} and ${variables.password}.`,
    );
  }
  const password = env[variables.password];
  if (password === undefined)
    throw new InvalidArgumentError(`${variables.keystore} is set but ${variables.password} is not.`);
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

/** The operator's account: `CCN_ORACLE_PRIVATE_KEY`, or `CCN_ORACLE_KEYSTORE` with its password. */
export function loadOperatorAccount(env: NodeJS.ProcessEnv = process.env): Promise<LocalAccount> {
  return loadAccount(env, OPERATOR_KEY);
}
