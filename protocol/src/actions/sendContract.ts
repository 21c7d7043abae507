/**
 * Sends one contract call the way every command that writes does: simulated first, so what the contract would
 * refuse is refused here with its custom error's name and arguments and nothing is sent; then sent, and waited
 * for until it is in a block.
 */

import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  ContractFunctionRevertedError,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  BaseError as ViemError,
  type WalletClient,
} from "viem";
import { BaseError } from "../errors.ts";

/** The contract refused the call in simulation, so nothing was sent; `reason` is its custom error. */
export class CallRefusedError extends BaseError {
  override name = "CallRefusedError";
  /** The custom error's name (`RevenueRouterTokenNotAllowed`), or undefined for a bare revert. */
  readonly reason: string | undefined;

  constructor(functionName: string, reason: string | undefined, args: readonly unknown[], cause: unknown) {
    const shown = args.map((a) => (typeof a === "bigint" ? a.toString() : String(a))).join(", ");
    super(`${functionName} would revert${reason === undefined ? "" : ` with ${reason}(${shown})`}: nothing was sent.`, {
      cause,
    });
    this.reason = reason;
  }
}

/** The transaction was mined but reverted. */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError";
}

export type SendContractParameters<A extends Abi, F extends ContractFunctionName<A, "nonpayable" | "payable">> = {
  publicClient: PublicClient;
  walletClient: WalletClient;
  address: Address;
  abi: A;
  functionName: F;
  args: ContractFunctionArgs<A, "nonpayable" | "payable", F>;
};

/**
 * @example
 * const { transactionHash } = await sendContract({ publicClient, walletClient, address: router,
 *   abi: revenueRouterAbi, functionName: "pay", args: [assetId, token, amount] });
 */
export async function sendContract<A extends Abi, F extends ContractFunctionName<A, "nonpayable" | "payable">>(
  parameters: SendContractParameters<A, F>,
): Promise<{ transactionHash: Hex; receipt: TransactionReceipt }> {
  const { publicClient, walletClient, address, abi, functionName, args } = parameters;
  const account = walletClient.account;
  if (account === undefined) throw new BaseError(`No account to send ${String(functionName)} from.`);
  // The call is typed by the caller's ABI; viem's generic request types are not needed past this point.
  let request: unknown;
  try {
    ({ request } = await publicClient.simulateContract({
      account,
      address,
      abi,
      functionName,
      args,
    } as Parameters<PublicClient["simulateContract"]>[0]));
  } catch (error) {
    const reverted =
      error instanceof ViemError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    if (reverted instanceof ContractFunctionRevertedError) {
      throw new CallRefusedError(String(functionName), reverted.data?.errorName, reverted.data?.args ?? [], error);
    }
    throw error;
  }
  const transactionHash = await walletClient.writeContract(request as Parameters<WalletClient["writeContract"]>[0]);
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== "success")
    throw new TransactionRevertedError(
      `${String(functionName)} reverted in block ${receipt.blockNumber} (tx ${transactionHash}).`,
    );
  return { transactionHash, receipt };
}
