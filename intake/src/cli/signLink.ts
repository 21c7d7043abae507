/**
 * `npm run intake -- link --login <forge login> [--forge gitlab] [--host <self-managed host>]`: the address (`CCN_PRIVATE_KEY`, or `CCN_KEYSTORE`
 * with its password) signs its link to the forge account for the ForgeLinkRegistry of the chain at `CCN_RPC_URL`
 * (with the registry's current nonce of the address), and the comment that account posts is printed.
 */
import { parseArgs } from "node:util";
import { ACCOUNT_KEY, loadAccount, publicClientOf } from "@coherence/oracle";
import { InvalidArgumentError, selfManagedHost } from "@coherence/protocol";
import { DEPLOYMENTS_DIR } from "@coherence/protocol/node";

import { FORGE_HOSTS, forgeLinkTypedData, linkRegistryOf, nextLinkStatement } from "../links/forgeLink.ts";
import type { ForgeName } from "../store/intakeStore.ts";
import { deploymentAt } from "./intakeEnvironment.ts";

export async function signLink(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({
    args: [...args],
    options: { login: { type: "string" }, forge: { type: "string", default: "github" }, host: { type: "string" } },
  });
  if (values.login === undefined) throw new InvalidArgumentError("link needs --login <your forge login>.");
  if (!(values.forge in FORGE_HOSTS))
    throw new InvalidArgumentError(`--forge is ${values.forge}: one of ${Object.keys(FORGE_HOSTS).join(", ")}.`);
  // A self-managed GitLab or GitHub Enterprise signs under its own host, as its repositories are named; checked as
  // the web app's Forge accounts page checks it, before anything is read or signed.
  const host =
    values.host === undefined ? { host: FORGE_HOSTS[values.forge as ForgeName] } : selfManagedHost(values.host);
  if ("problem" in host) throw new InvalidArgumentError(`--host ${values.host}: ${host.problem}`);
  const rpcUrl = env.CCN_RPC_URL;
  if (rpcUrl === undefined || rpcUrl === "")
    throw new InvalidArgumentError("CCN_RPC_URL is not set: the chain whose ForgeLinkRegistry records the link.");
  const { chainId, deployment } = await deploymentAt(rpcUrl, env.CCN_DEPLOYMENTS_DIR ?? DEPLOYMENTS_DIR);
  const registry = linkRegistryOf(deployment);
  const account = await loadAccount(env, ACCOUNT_KEY);
  const statement = await nextLinkStatement(publicClientOf(chainId, rpcUrl), registry, {
    forge: host.host,
    login: values.login,
    account: account.address,
  });
  return `/ccn link ${account.address} ${await account.signTypedData(forgeLinkTypedData(registry, statement))}\n`;
}
