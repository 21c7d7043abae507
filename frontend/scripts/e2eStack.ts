/**
 * Starts the end-to-end stack and keeps it up for manual testing (`node scripts/e2eStack.ts`), printing the
 * environment for `vite dev` / `vite build`. Ctrl-C stops every process it started.
 */
import path from "node:path";

import { RESULTS_DIR } from "../e2e/support/paths.ts";
import { startStack } from "../e2e/support/stack.ts";

const stack = await startStack(path.join(RESULTS_DIR, "logs"));
const env = {
  VITE_CHAIN_ID: String(stack.chain.chainId),
  VITE_RPC_URL: stack.chain.rpcUrl,
  VITE_INDEXER_URL: stack.indexer.url,
  VITE_MANIFEST_URL: stack.manifests.url,
  CCN_DEPLOYMENTS_DIR: stack.chain.deploymentsDir,
};
console.log(
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(" "),
);
const { claimer, batchClaimer, rejecter, outOfBand, nobody, payer, names } = stack.world;
console.log(
  JSON.stringify(
    Object.fromEntries(
      Object.entries({ claimer, batchClaimer, rejecter, outOfBand, nobody, payer }).map(([k, a]) => [
        k,
        `${a} (${names.get(a.toLowerCase())})`,
      ]),
    ),
  ),
);
const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
setInterval(() => undefined, 1 << 30);
