/** @coherence/protocol/node: reading the protocol's files from Node. */

export {
  DEPLOYMENTS_DIR,
  deploymentPath,
  loadDeployment,
} from "./loadDeployment.ts";
export { DEFAULT_PRICE_TABLE_FILE, PRICE_TABLES_DIR, publishedPriceTables } from "./priceTables.ts";
export {
  InputFileError,
  readJsonFile,
  readJsonFileSync,
} from "./readJsonFile.ts";
