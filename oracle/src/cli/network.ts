/**
 * The network an oracle config names, as the commands that read one (epoch, audit, verify) use it: its client,
 * its deployment, the operator's own stores and the published manifests.
 */
import path from "node:path";
import type { Deployment } from "@coherence/protocol";
import { loadDeployment } from "@coherence/protocol/node";
import type { Address, PublicClient, WalletClient } from "viem";

import { publicClientOf, walletClientOf } from "../chain/clients.ts";
import { costChecksInputs } from "../costs/costChecksOf.ts";
import { ACCOUNT_KEY, type KeyVariables, loadAccount, OPERATOR_KEY } from "../operator/keys.ts";
import { ManifestStore } from "../operator/manifestStore.ts";
import { type PreparedEpoch, prepareEpoch } from "../operator/prepareEpoch.ts";
import type { OnProgress } from "../progress/progress.ts";
import { ScoreStore } from "../scoring/scoreStore.ts";
import { codeVersion } from "./codeVersion.ts";
import { type OracleConfig, readOracleConfig } from "./oracleConfig.ts";

export type Network = {
  config: OracleConfig;
  client: PublicClient;
  deployment: Deployment;
  distributor: Address;
  /** This operator's own computed manifests. */
  own: ManifestStore;
  /** The published manifests auditors read. */
  published: ManifestStore;
};

/** Reads the oracle config (`--config`, else `CCN_CONFIG`, else ./ccn.config.json) and its deployment file. */
export async function openNetwork(configFile: string | undefined, env: NodeJS.ProcessEnv): Promise<Network> {
  const config = await readOracleConfig(configFile ?? env.CCN_CONFIG ?? "ccn.config.json", env);
  const deployment = await loadDeployment(config.chainId, config.deploymentsDir);
  return {
    config,
    client: publicClientOf(config.chainId, config.rpcUrl),
    deployment,
    distributor: deployment.contracts.PayoutDistributor.address,
    own: new ManifestStore(path.join(config.dataDir, "manifests")),
    published: new ManifestStore(config.manifestsDir),
  };
}

/**
 * Computes the next epoch up to `toBlock` (default the chain's finalised head; a later block is refused) with this
 * operator's own stores, reading on from the previous epoch's committed chain state unless `full`.
 */
export async function prepareOwnEpoch(
  network: Network,
  toBlock: bigint | undefined,
  onProgress: OnProgress,
  full?: boolean,
): Promise<PreparedEpoch> {
  const { client, config } = network;
  return prepareEpoch({
    onProgress,
    client,
    deployment: network.deployment,
    toBlock,
    scoring: config.scoring,
    reviews: config.reviews,
    costs: await costChecksInputs(config.manifestsDir, config.costs),
    scores: await ScoreStore.open(path.join(config.dataDir, "scores")),
    manifests: network.own,
    codeVersion: await codeVersion(),
    full,
  });
}

/** The network's clients with a key to send from. */
export type SendingClients = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  distributor: Address;
  chainId: number;
};

/** What `submitEpoch` and `finaliseEpoch` send with: the network's clients, and the operator's key from `env`. */
export function operatorClients(network: Network, env: NodeJS.ProcessEnv): Promise<SendingClients> {
  return clientsWith(network, env, OPERATOR_KEY);
}

/** What owners, payers and attesters send with: the network's clients, and the account's key from `env`. */
export function accountClients(network: Network, env: NodeJS.ProcessEnv): Promise<SendingClients> {
  return clientsWith(network, env, ACCOUNT_KEY);
}

async function clientsWith(network: Network, env: NodeJS.ProcessEnv, key: KeyVariables): Promise<SendingClients> {
  const { chainId } = network.deployment;
  const walletClient = walletClientOf(chainId, network.config.rpcUrl, await loadAccount(env, key));
  return { publicClient: network.client, walletClient, distributor: network.distributor, chainId };
}
