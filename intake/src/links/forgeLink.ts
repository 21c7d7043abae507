/**
 * A forge account's link to an address: the address signs `ForgeLink(forge, login, account, nonce)` (EIP-712, in
 * the domain of the chain's ForgeLinkRegistry, with the registry's nonce of the address), and the account posts it
 * (`/ccn link <address> <signature>`), so both ends agreed: the address to be paid for the account's work, the
 * account to be paid at that address. The intake records it in the registry (`linkRecorder.ts`), which checks the
 * signature again; anyone verifies a link from its `ForgeLinked` event or from what the intake serves.
 */
import {
  type Deployment,
  type ForgeLinkStatement,
  forgeLinkRegistryAbi,
  forgeLinkTypedData,
  HOSTED_FORGES,
  InvalidArgumentError,
} from "@coherence/protocol";
import type { Address, Hex, PublicClient } from "viem";
import type { ForgeName, Link } from "../store/intakeStore.ts";

export { type ForgeLinkStatement, forgeLinkTypedData };

/** The forge's name in a statement: its host. */
export const GITHUB_FORGE = HOSTED_FORGES.github;

/**
 * The hosted forges' names in statements. A self-managed GitLab or GitHub Enterprise is named by its own host,
 * the one its repositories are named under ({@link forgeHostOf}).
 */
export const FORGE_HOSTS: Record<ForgeName, string> = HOSTED_FORGES;

/**
 * The forge's name in the statements of a repository's accounts: the host of `<host>/<owner>/<name>`.
 *
 * @example
 * forgeHostOf("gitlab.example.org/group/project") // "gitlab.example.org"
 */
export const forgeHostOf = (repository: string): string => repository.slice(0, repository.indexOf("/"));

/** Where a deployment's ForgeLinkRegistry is, as the typed data's domain names it. */
export type LinkRegistry = { chainId: number; address: Address };

/** The deployment's ForgeLinkRegistry; a deployment without one cannot take links, and says so. */
export function linkRegistryOf(deployment: Deployment): LinkRegistry {
  const registry = deployment.contracts.ForgeLinkRegistry;
  if (registry === undefined)
    throw new InvalidArgumentError(
      `the deployment of chain ${deployment.chainId} has no ForgeLinkRegistry: redeploy it (scripts/deploy.ts) to link forge accounts`,
    );
  return { chainId: deployment.chainId, address: registry.address };
}

/**
 * The statement `account` signs next to link itself to `login` on `forge`: the registry's current nonce of it.
 *
 * @example
 * const statement = await nextLinkStatement(client, registry, { forge: "github.com", login: "octocat", account });
 */
export async function nextLinkStatement(
  client: PublicClient,
  registry: LinkRegistry,
  link: { forge: string; login: string; account: Address },
): Promise<ForgeLinkStatement> {
  const nonce = await client.readContract({
    address: registry.address,
    abi: forgeLinkRegistryAbi,
    functionName: "nonces",
    args: [link.account],
  });
  return { ...link, nonce };
}

/**
 * Whether `signature` is `statement.account`'s over the statement (an EOA's, or an ERC-1271 wallet's, asked on chain).
 *
 * @example
 * await verifyForgeLink(client, registry, { forge: "github.com", login: "octocat", account, nonce: 0n }, signature) // true
 */
export function verifyForgeLink(
  client: PublicClient,
  registry: LinkRegistry,
  statement: ForgeLinkStatement,
  signature: Hex,
): Promise<boolean> {
  return client.verifyTypedData({ address: statement.account, ...forgeLinkTypedData(registry, statement), signature });
}

/** A statement as a link keeps it: JSON, the nonce as a decimal string (JSON has no bigint). */
export function statementText(statement: ForgeLinkStatement): string {
  return JSON.stringify({ ...statement, nonce: statement.nonce.toString() });
}

/** The statement a served or stored link carries, as its signature signed it. */
export function statementOf(link: Pick<Link, "statement">): ForgeLinkStatement {
  const { forge, login, account, nonce } = JSON.parse(link.statement) as Record<string, string>;
  if (forge === undefined || login === undefined || account === undefined || nonce === undefined)
    throw new InvalidArgumentError(`a link's statement lacks forge, login, account or nonce: ${link.statement}`);
  return { forge, login, account: account as Address, nonce: BigInt(nonce) };
}
