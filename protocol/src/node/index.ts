/** @coherence/protocol/node: reading the protocol's files from Node. */
export {
  InputFileError,
  readJsonFile,
  readJsonFileSync,
} from "./readJsonFile.ts";
export {
  deploymentPath,
  DEPLOYMENTS_DIR,
  loadDeployment,
} from "./loadDeployment.ts";
