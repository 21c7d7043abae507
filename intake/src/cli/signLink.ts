/**
 * `npm run intake -- link --login <forge login>`: the address (`CCN_PRIVATE_KEY`, or `CCN_KEYSTORE` with its
 * password) signs its link to the forge account, and the comment that account posts is printed.
 */
import { parseArgs } from "node:util";
import { ACCOUNT_KEY, loadAccount } from "@coherence/oracle";
import { InvalidArgumentError } from "@coherence/protocol";

import { forgeLinkTypedData, GITHUB_FORGE } from "../links/forgeLink.ts";

export async function signLink(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseArgs({ args: [...args], options: { login: { type: "string" } } });
  if (values.login === undefined) throw new InvalidArgumentError("link needs --login <your GitHub login>.");
  const account = await loadAccount(env, ACCOUNT_KEY);
  const statement = { forge: GITHUB_FORGE, login: values.login, account: account.address };
  return `/ccn link ${account.address} ${await account.signTypedData(forgeLinkTypedData(statement))}\n`;
}
