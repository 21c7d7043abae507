/**
 * What went wrong with a transaction, in words a person can act on: a rejected signature, a network that could not
 * be reached, a decoded custom error of the PayoutDistributor or the ForgeLinkRegistry (from the simulation or the
 * receipt), a wrong chain, or anything else.
 */
import {
  type Address,
  BaseError,
  ChainMismatchError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
} from "viem";

import { formatAmount } from "./formatAmount.ts";
import { unreachablePart } from "./unreachable.ts";

export type TxFailure =
  | { kind: "rejected"; message: string }
  | { kind: "unreachable"; message: string }
  | { kind: "contract"; errorName: string; args: readonly unknown[]; message: string }
  | { kind: "chain-mismatch"; message: string }
  | { kind: "reverted"; message: string }
  | { kind: "other"; message: string };

/** How to name a token in messages. */
export type DescribeToken = (token: Address) => { symbol: string; decimals: number };

function contractMessage(errorName: string, args: readonly unknown[], describe: DescribeToken): string {
  switch (errorName) {
    case "PayoutDistributorPaused":
      return "Claims are paused by a guardian. Nothing was sent; try again once claims resume.";
    case "PayoutDistributorNoRoot":
      return "There is no finalised payout root to claim against yet (or claims are paused).";
    case "PayoutDistributorNothingToClaim": {
      const [, token, cumulative, claimed] = args as [Address, Address, bigint, bigint];
      const t = describe(token);
      return `Already claimed: ${formatAmount(claimed, t.decimals)} ${t.symbol} of ${formatAmount(cumulative, t.decimals)} ${t.symbol} has been claimed, so there is nothing left to pay.`;
    }
    case "PayoutDistributorInvalidProof":
      return "The proof does not match the current on-chain root: a newer epoch was probably finalised. Refresh to get the new proof.";
    case "PayoutDistributorLengthMismatch":
      return "The batch claim's lists differ in length (a bug in the app; please report it).";
    case "PayoutDistributorAmountTooLarge":
      return "The amount is larger than the distributor's 128-bit accounting allows.";
    case "ForgeLinkRegistryAccountNotLinked":
      return "This address has no active link on that forge any more (it was unlinked or replaced meanwhile). Nothing was sent.";
    default:
      return `The contract refused the transaction: ${errorName}${args.length > 0 ? `(${args.map(String).join(", ")})` : ""}.`;
  }
}

/**
 * Decodes an error thrown by wagmi/viem while simulating, sending or waiting for a transaction.
 *
 * @example
 * try { await writeContract(...) } catch (e) { setFailure(decodeTxError(e, describeToken)) }
 */
export function decodeTxError(error: unknown, describe: DescribeToken): TxFailure {
  if (isRejection(error))
    return { kind: "rejected", message: "You rejected the request in your wallet. Nothing was sent." };
  // Before the revert check: a wallet whose RPC is down answers -32603, which viem decodes as a revert.
  if (unreachablePart(error) !== undefined) {
    return {
      kind: "unreachable",
      message: "The network could not be reached, so nothing was sent. Your funds are safe; try again once it is back.",
    };
  }
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const errorName = reverted.data?.errorName;
      const args = reverted.data?.args ?? [];
      if (errorName !== undefined)
        return { kind: "contract", errorName, args, message: contractMessage(errorName, args, describe) };
      return { kind: "reverted", message: `The transaction would revert: ${reverted.reason ?? reverted.shortMessage}` };
    }
    if (error.walk((e) => e instanceof ChainMismatchError)) {
      return { kind: "chain-mismatch", message: "Your wallet is on another network. Switch networks and try again." };
    }
    return { kind: "other", message: error.shortMessage };
  }
  return { kind: "other", message: error instanceof Error ? error.message : String(error) };
}

/** Whether the person declined in their wallet (EIP-1193 code 4001), to a signature or a connection. */
export function isRejection(error: unknown): boolean {
  if (error instanceof BaseError)
    return error.walk((e) => e instanceof UserRejectedRequestError || (e as { code?: unknown }).code === 4001) !== null;
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 4001;
}
