/**
 * Parameters several commands share, declared once so their help reads the same everywhere: the oracle config,
 * the proposal file, an account and a finalised epoch, and the environment variables of the commands that read a
 * config or sign.
 */
import { address, decimal, MAX_UINT64, refine } from "@coherence/protocol";
import { getAddress, isAddress } from "viem";

import type { CommandParameters, EnvironmentVariable, PositionalParameter } from "./command.ts";

/** An address; in mixed case only with a valid checksum, as a mistyped digit would pass otherwise. */
export const checkedAddress = refine(address(), (value, problem) => {
  if (!isAddress(value))
    problem([], `has an invalid checksum (${getAddress(value)} is the checksummed form of what was typed)`);
});

/** `--config FILE`, spread into the options of every command that reads an oracle config. */
export const configOption = {
  config: { type: "string", value: "FILE", help: "the oracle config (default: CCN_CONFIG, or ./ccn.config.json)" },
} as const satisfies CommandParameters["options"];

export const RPC_URL_VARIABLE: EnvironmentVariable = {
  name: "CCN_RPC_URL",
  help: "the chain's JSON-RPC URL: overrides the oracle config's rpcUrl; scenario apply's default for --rpc",
};

/** What the commands that read an oracle config read from the environment. */
export const NETWORK_ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: "CCN_CONFIG", help: "the oracle config when --config is not given" },
  RPC_URL_VARIABLE,
];

/** ... and the commands that sign or send transactions. */
export const OPERATOR_ENVIRONMENT: readonly EnvironmentVariable[] = [
  ...NETWORK_ENVIRONMENT,
  { name: "CCN_ORACLE_PRIVATE_KEY", help: "the operator's signing key (0x and 64 hex digits), or else:" },
  {
    name: "CCN_ORACLE_KEYSTORE",
    help: "an encrypted keystore of it (Web3 Secret Storage JSON, as geth and cast write it)",
  },
  { name: "CCN_ORACLE_KEYSTORE_PASSWORD", help: "the keystore's password" },
];

/** ... and the commands owners, payers and attesters send transactions with. */
export const ACCOUNT_ENVIRONMENT: readonly EnvironmentVariable[] = [
  ...NETWORK_ENVIRONMENT,
  { name: "CCN_PRIVATE_KEY", help: "the account's key (0x and 64 hex digits), or else:" },
  { name: "CCN_KEYSTORE", help: "an encrypted keystore of it (Web3 Secret Storage JSON, as geth and cast write it)" },
  { name: "CCN_KEYSTORE_PASSWORD", help: "the keystore's password" },
];

/** The proposal file of `ccn epoch sign`, `submit` and `finalise`. */
export const proposalArgument = {
  name: "proposal",
  value: "proposal.json",
  help: "the proposal file written by `ccn epoch prepare`",
} as const satisfies PositionalParameter;

/** The account of `ccn verify` and `ccn slice cut`. */
export const accountArgument = {
  name: "account",
  value: "account",
  help: "the account's address",
  schema: checkedAddress,
} as const satisfies PositionalParameter;

/** `--epoch N`, spread into the options of the commands that read a finalised epoch, the latest by default. */
export const finalisedEpochOption = {
  epoch: {
    type: "string",
    value: "N",
    help: "a finalised epoch (default: the latest)",
    schema: decimal({ max: MAX_UINT64 }),
  },
} as const satisfies CommandParameters["options"];
