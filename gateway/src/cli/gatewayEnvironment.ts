/**
 * The gateway's settings, from the environment, each refused in words when malformed:
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `CCN_RPC_URL` | the chain's RPC | required |
 * | `CCN_DEPLOYMENTS_DIR` | where `<chain id>.json` is | `deployments` |
 * | `CCN_GATEWAY_PRIVATE_KEY` | the runner's key: signs records of run, redeems vouchers | required |
 * | `CCN_GATEWAY_COMPOSABLES` | `<asset id>=<coherence.bundle.json>[,…]`: what it serves | required |
 * | `CCN_GATEWAY_TOKEN` | the token calls are paid in: a deployment token's symbol or an address | required |
 * | `CCN_GATEWAY_HOSTING_FEE_BPS` | the runner's hosting fee, bps of what the asset is paid | 1000 |
 * | `CCN_GATEWAY_PORT`, `CCN_GATEWAY_HOST` | where it listens | 8795, 127.0.0.1 |
 * | `CCN_GATEWAY_DIR` | its pins and its book of runs (`usage.sqlite`) | `.gateway` |
 * | `CCN_GATEWAY_REDEEM_INTERVAL_MS` | how often the latest vouchers are redeemed and closed periods anchored; 0 never | 10000 |
 * | `CCN_GATEWAY_PUBLIC_URL` | the gateway's address as others reach it: anchored records files are named under it | `http://<host>:<port>` |
 */
import { type Hex, InvalidArgumentError } from "@coherence/protocol";
import { type Address, isAddress } from "viem";
import { type LocalAccount, privateKeyToAccount } from "viem/accounts";

export type GatewayEnvironment = {
  readonly rpcUrl: string;
  readonly deploymentsDir: string;
  readonly runner: LocalAccount;
  readonly composables: readonly { assetId: bigint; manifestFile: string }[];
  /** A symbol to look up in the deployment, or an address. */
  readonly token: string;
  readonly hostingFeeBps: bigint;
  readonly port: number;
  readonly host: string;
  readonly dir: string;
  readonly redeemIntervalMs: number;
  readonly publicUrl: string;
};

export function gatewayEnvironment(env: NodeJS.ProcessEnv): GatewayEnvironment {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === "") throw new InvalidArgumentError(`${name} is not set`);
    return value;
  };
  const integer = (name: string, fallback: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    if (!/^[0-9]+$/.test(text) || Number(text) > max) {
      throw new InvalidArgumentError(`${name} must be an integer from 0 to ${max}, not ${JSON.stringify(text)}`);
    }
    return Number(text);
  };
  const key = required("CCN_GATEWAY_PRIVATE_KEY");
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new InvalidArgumentError("CCN_GATEWAY_PRIVATE_KEY must be 0x and 64 hex digits");
  }
  const composables = required("CCN_GATEWAY_COMPOSABLES")
    .split(",")
    .map((entry) => {
      const match = /^([1-9][0-9]*)=(.+)$/.exec(entry.trim());
      if (match === null) {
        throw new InvalidArgumentError(
          `CCN_GATEWAY_COMPOSABLES: ${JSON.stringify(entry)} is not <asset id>=<coherence.bundle.json>`,
        );
      }
      return { assetId: BigInt(match[1]!), manifestFile: match[2]! };
    });
  const port = integer("CCN_GATEWAY_PORT", 8795, 65_535);
  const host = env.CCN_GATEWAY_HOST || "127.0.0.1";
  return {
    rpcUrl: required("CCN_RPC_URL"),
    deploymentsDir: env.CCN_DEPLOYMENTS_DIR || "deployments",
    runner: privateKeyToAccount(key as Hex),
    composables,
    token: required("CCN_GATEWAY_TOKEN"),
    hostingFeeBps: BigInt(integer("CCN_GATEWAY_HOSTING_FEE_BPS", 1_000, 10_000)),
    port,
    host,
    dir: env.CCN_GATEWAY_DIR || ".gateway",
    redeemIntervalMs: integer("CCN_GATEWAY_REDEEM_INTERVAL_MS", 10_000, 86_400_000),
    publicUrl: (env.CCN_GATEWAY_PUBLIC_URL || `http://${host}:${port}`).replace(/\/+$/, ""),
  };
}

/** The token `symbolOrAddress` names among the deployment's, or the address itself. */
export function tokenAddress(
  symbolOrAddress: string,
  tokens: readonly { symbol: string; address: Address }[],
): Address {
  if (isAddress(symbolOrAddress)) return symbolOrAddress;
  const token = tokens.find((t) => t.symbol === symbolOrAddress);
  if (token === undefined) {
    throw new InvalidArgumentError(
      `CCN_GATEWAY_TOKEN: the deployment has no token ${symbolOrAddress} (it has ${tokens.map((t) => t.symbol).join(", ") || "none"})`,
    );
  }
  return token.address;
}
