/**
 * @coherence/devnet: the local network for development and tests. Process groups, a Hardhat node with the
 * protocol deployed, throwaway PostgreSQL clusters, the indexer, the web app, and Chromium with a test wallet,
 * each process started in its own group and stopped by id. Used by `npm start`, the system tests, the indexer's
 * and the web app's tests.
 */

export {
  CHROMIUM,
  ensureChromium,
  launchChromium,
} from "./chromium.ts";
export {
  type DisputeTerms,
  type GovernLocallyOptions,
  governLocally,
  setDisputeTermsLocally,
} from "./governance.ts";
export {
  type IndexerProcess,
  type StartIndexerParameters,
  startApiServer,
  startIndexer,
  waitForIndexedBlock,
  waitForIndexerReady,
  waitForIndexerSchema,
} from "./indexerProcess.ts";
export {
  deployLocal,
  type LocalNode,
  REPOSITORY_ROOT,
  rpc,
  type StartHardhatNodeOptions,
  startHardhatNode,
} from "./localChain.ts";
export {
  type Postgres,
  startPostgres,
  startThrowawayPostgres,
} from "./postgres.ts";
export {
  freePort,
  type ManagedProcess,
  ProcessFailedError,
  ProcessGroup,
  packageCli,
  runProcess,
  type StartProcessOptions,
  startProcess,
  waitFor,
} from "./processes.ts";
export {
  installTestWallet,
  setWalletRejects,
  type TestWalletOptions,
  watchedAssets,
} from "./testWallet.ts";
export {
  type BuildWebAppParameters,
  buildWebApp,
  type ServedWebApp,
  serveWebApp,
  type WebAppNetwork,
  waitForWebApp,
} from "./webApp.ts";
