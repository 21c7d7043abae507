/**
 * Privileged changes on a local chain, made the way governance makes them on every network: a governor schedules
 * the call on the timelock, and once the delay has passed anyone executes it. Here the local chain's clock is
 * moved past the delay instead of waiting for it.
 */
import {
  coherenceTimelockAbi,
  type Deployment,
  executeArgs,
  payoutDistributorAbi,
  scheduleArgs,
  type TimelockCall,
  timelockOperationId,
} from "@coherence/protocol";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  type TransactionReceipt,
  toHex,
} from "viem";

import { rpc } from "./localChain.ts";

export type GovernLocallyOptions = {
  rpcUrl: string;
  deployment: Deployment;
  /** The call the timelock makes. */
  target: Address;
  data: Hex;
  /** A governor, unlocked on the node; the deployment's first by default. */
  governor?: Address;
};

/**
 * Schedules `data` on `target` through the timelock, moves the clock past the governance delay and executes it.
 * Returns both receipts; throws when either transaction reverts.
 *
 * @example
 * await governLocally({ rpcUrl, deployment, target: distributor, data: encodeFunctionData({ abi, functionName: "unpause" }) });
 */
export async function governLocally(
  options: GovernLocallyOptions,
): Promise<{ scheduled: TransactionReceipt; executed: TransactionReceipt }> {
  const { rpcUrl, deployment, target, data } = options;
  const governor = options.governor ?? deployment.parameters.governors[0];
  if (governor === undefined) throw new Error("the deployment lists no governor");
  const timelock = deployment.contracts.CoherenceTimelock.address;
  const publicClient = createPublicClient({ transport: http(rpcUrl) });
  const wallet = createWalletClient({ transport: http(rpcUrl) });
  const nonce = await publicClient.getTransactionCount({ address: governor });
  const call: TimelockCall = { target, data, salt: keccak256(toHex(`${governor}:${nonce}`)) };
  const delay = BigInt(deployment.parameters.governanceDelay);
  const send = async (
    functionName: "schedule" | "execute",
    args: ReturnType<typeof scheduleArgs> | ReturnType<typeof executeArgs>,
  ) => {
    const hash = await wallet.writeContract({
      account: governor,
      chain: null,
      address: timelock,
      abi: coherenceTimelockAbi,
      functionName,
      args,
    } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`timelock ${functionName} reverted (tx ${hash})`);
    return receipt;
  };
  const scheduled = await send("schedule", scheduleArgs(call, delay));
  const id = timelockOperationId(call);
  const pending = await publicClient.readContract({
    address: timelock,
    abi: coherenceTimelockAbi,
    functionName: "isOperationPending",
    args: [id],
  });
  if (!pending) throw new Error(`the timelock does not know operation ${id}: its id is computed differently`);
  await rpc(rpcUrl, "evm_increaseTime", [Number(delay)]);
  await rpc(rpcUrl, "evm_mine");
  const executed = await send("execute", executeArgs(call));
  return { scheduled, executed };
}

/** `IPayoutDistributor.DisputeTerms`: the bond's token and size, the upheld disputer's reward, the treasury. */
export type DisputeTerms = { token: Address; bond: bigint; reward: bigint; treasury: Address };

/**
 * Sets the distributor's dispute terms through the timelock, as governance does (`governLocally`).
 *
 * @example
 * await setDisputeTermsLocally(rpcUrl, deployment, { token: usd, bond: 500_000_000n, reward: 0n, treasury });
 */
export async function setDisputeTermsLocally(rpcUrl: string, deployment: Deployment, terms: DisputeTerms) {
  return governLocally({
    rpcUrl,
    deployment,
    target: deployment.contracts.PayoutDistributor.address,
    data: encodeFunctionData({ abi: payoutDistributorAbi, functionName: "setDisputeTerms", args: [terms] }),
  });
}
