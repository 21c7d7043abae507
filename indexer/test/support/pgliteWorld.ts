import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deployLocal, freePort, type ProcessGroup, startHardhatNode, waitForIndexerReady } from "@coherence/devnet";
import { type Indexer, startIndexer, waitIndexed } from "./ponder.ts";
import { Protocol } from "./protocol.ts";
import { type BaseScenario, runBaseScenario } from "./scenario.ts";

/** A chain with the base scenario on it, indexed to its last block by `ponder start` on PGlite. */
export type PgliteWorld = {
  /** The temporary directory: deployments, manifests and the database. */
  tmp: string;
  /** Where the indexer reads published manifests from. */
  manifestDir: string;
  chainUrl: string;
  protocol: Protocol;
  scenario: BaseScenario;
  indexer: Indexer;
};

/**
 * Starts a Hardhat node, deploys the protocol, runs the base scenario and indexes it on PGlite in database schema
 * `schema`, in a new temporary directory named from `prefix` (the indexer given `options.ipfsGateways` if any);
 * `group` stops the processes and removes the directory.
 */
export async function startPgliteWorld(
  group: ProcessGroup,
  prefix: string,
  schema: string,
  options: { ipfsGateways?: readonly string[] } = {},
): Promise<PgliteWorld> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), prefix));
  group.defer(() => rm(tmp, { recursive: true, force: true }));
  const manifestDir = path.join(tmp, "manifests");
  await mkdir(manifestDir);
  const chain = await startHardhatNode(await freePort(), { uniqueChainId: true });
  group.add(chain.process);
  const deployment = await deployLocal(chain.rpcUrl, path.join(tmp, "deployments"));
  const protocol = new Protocol(chain.rpcUrl, deployment);
  await protocol.recordBlocks(0n, await protocol.blockNumber());
  const scenario = await runBaseScenario(protocol, manifestDir);
  const indexer = await startIndexer(group, {
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    deploymentsDir: path.join(tmp, "deployments"),
    schema,
    pgliteDir: path.join(tmp, "pglite"),
    manifestDir,
    ...options,
  });
  await waitForIndexerReady(indexer, 120_000);
  await waitIndexed(indexer, Number(await protocol.blockNumber()));
  return { tmp, manifestDir, chainUrl: chain.rpcUrl, protocol, scenario, indexer };
}
