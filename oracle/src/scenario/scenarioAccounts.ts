/**
 * A scenario's named accounts as signing accounts: an index of the scenario's mnemonic (Hardhat's test
 * mnemonic by default, which is what a local Hardhat node funds), or a private key from the environment.
 */
import { type LocalAccount, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import type { Scenario } from "./scenarioTypes.ts";
import { ScenarioError } from "./validateScenario.ts";

/** The mnemonic of Hardhat's default accounts. Public test material: never use it on a real chain. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export function scenarioAccounts(scenario: Scenario, env: NodeJS.ProcessEnv = process.env): Map<string, LocalAccount> {
  const accounts = new Map<string, LocalAccount>();
  for (const [name, spec] of Object.entries(scenario.accounts)) {
    if (typeof spec === "number") {
      accounts.set(name, mnemonicToAccount(scenario.mnemonic ?? HARDHAT_MNEMONIC, { addressIndex: spec }));
      continue;
    }
    const key = env[spec.privateKeyEnv];
    if (key === undefined || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
      throw new ScenarioError(
        `accounts.${name}`,
        `environment variable ${spec.privateKeyEnv} must hold a 0x-prefixed 32-byte private key`,
      );
    }
    accounts.set(name, privateKeyToAccount(key as `0x${string}`));
  }
  return accounts;
}
