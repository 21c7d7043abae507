/**
 * `npm run intake -- opt-in --repository github.com/<owner>/<repo> --asset <id> [--gates FILE]`: the asset's owner
 * (`CCN_PRIVATE_KEY`, or `CCN_KEYSTORE` with its password) signs the repository's `.coherence.json` for the
 * deployment of the chain at `CCN_RPC_URL`, and it is printed, to be committed on the default branch.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ACCOUNT_KEY, loadAccount } from "@coherence/oracle";
import { decimal, InvalidArgumentError, parse, parseJson } from "@coherence/protocol";
import { DEPLOYMENTS_DIR } from "@coherence/protocol/node";

import { coherenceFileText, gatesSchema, optInTypedData } from "../optIn/coherenceFile.ts";
import { deploymentAt } from "./intakeEnvironment.ts";

export async function signOptIn(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({
    args: [...args],
    options: { repository: { type: "string" }, asset: { type: "string" }, gates: { type: "string" } },
  });
  if (values.repository === undefined || values.asset === undefined)
    throw new InvalidArgumentError("opt-in needs --repository github.com/<owner>/<repo> and --asset <id>.");
  const rpcUrl = env.CCN_RPC_URL;
  if (rpcUrl === undefined) throw new InvalidArgumentError("CCN_RPC_URL is not set: the chain the asset is on.");
  const { deployment } = await deploymentAt(rpcUrl, env.CCN_DEPLOYMENTS_DIR ?? DEPLOYMENTS_DIR);
  const gates =
    values.gates === undefined
      ? undefined
      : parseJson(gatesSchema, await readFile(values.gates, "utf8"), { source: values.gates });
  const file = {
    repository: values.repository,
    chainId: deployment.chainId,
    assetId: parse(decimal(), values.asset, { source: "--asset" }),
    distributor: deployment.contracts.PayoutDistributor.address,
    gates,
  };
  const owner = await loadAccount(env, ACCOUNT_KEY);
  return coherenceFileText({ ...file, signature: await owner.signTypedData(optInTypedData(file)) });
}
