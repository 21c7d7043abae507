/**
 * @coherence/devnet: the local network for development and tests. Process groups, a Hardhat node with the
 * protocol deployed, throwaway PostgreSQL clusters, the indexer, the web app, and Chromium with a test wallet,
 * each process started in its own group and stopped by id. Used by `npm start`, the system tests, the indexer's
 * and the web app's tests.
 */
export {
  freePort,
  type ManagedProcess,
  packageCli,
  ProcessFailedError,
  ProcessGroup,
  runProcess,
  startProcess,
  type StartProcessOptions,
  waitFor,
} from "./processes.ts";
export {
  deployLocal,
  type LocalNode,
  REPOSITORY_ROOT,
  rpc,
  startHardhatNode,
  type StartHardhatNodeOptions,
} from "./localChain.ts";
export {
  type Postgres,
  startPostgres,
  startThrowawayPostgres,
} from "./postgres.ts";
export {
  type IndexerProcess,
  startIndexer,
  type StartIndexerParameters,
  waitForIndexedBlock,
  waitForIndexerReady,
} from "./indexerProcess.ts";
export {
  buildWebApp,
  type BuildWebAppParameters,
  type ServedWebApp,
  serveWebApp,
  waitForWebApp,
  type WebAppNetwork,
} from "./webApp.ts";
export {
  CHROMIUM,
  ensureChromium,
  launchChromium,
} from "./chromium.ts";
export {
  installTestWallet,
  setWalletRejects,
  type TestWalletOptions,
} from "./testWallet.ts";
