/** @coherence/protocol/node: reading the protocol's files from Node. */

export {
  DEPLOYMENTS_DIR,
  deploymentPath,
  loadDeployment,
} from "./loadDeployment.ts";
export {
  InputFileError,
  readJsonFile,
  readJsonFileSync,
} from "./readJsonFile.ts";
