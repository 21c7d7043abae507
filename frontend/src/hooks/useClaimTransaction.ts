import { payoutDistributorAbi } from "@coherence/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { type Address, type Hex, parseEventLogs } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { targetChain } from "../config/chains.ts";
import { deployment } from "../config/deployment.ts";
import { type DescribeToken, decodeTxError, type TxFailure } from "../lib/txError.ts";
import { accountHistoryKey } from "./useAccountHistory.ts";
import { claimsKey } from "./useClaims.ts";

/** A leaf to claim: the `claim` arguments besides the account. */
export type ClaimableLeaf = { token: Address; cumulativeAmount: bigint; proof: readonly Hex[] };

/** Where a claim transaction is, from the click to the receipt. */
export type ClaimTxState =
  | { status: "idle" }
  | { status: "preparing"; tokens: Address[] }
  | { status: "awaiting-signature"; tokens: Address[] }
  | { status: "pending"; tokens: Address[]; hash: Hex }
  | {
      status: "confirmed";
      tokens: Address[];
      hash: Hex;
      blockNumber: bigint;
      paid: { token: Address; amount: bigint }[];
    }
  | { status: "failed"; tokens: Address[]; failure: TxFailure; hash?: Hex };

/**
 * The whole life of a claim in one place: simulate (so a contract error is decoded before anything is signed),
 * ask the wallet to sign, wait for the receipt, read what was paid from its `Claimed` events, and refresh the
 * claims, on-chain claimed amounts and balances. One token uses `claim`, several use `claimBatch`.
 *
 * @example
 * const tx = useClaimTransaction(account, describe);
 * tx.claim([leaf]);            // or tx.claim(allLeaves)
 * tx.state.status === "confirmed" && tx.state.paid;
 */
export function useClaimTransaction(account: Address | undefined, describe: DescribeToken) {
  const config = useConfig();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ClaimTxState>({ status: "idle" });
  const busy = useRef(false);

  const claim = useCallback(
    async (leaves: readonly ClaimableLeaf[]): Promise<void> => {
      const distributor = deployment?.contracts.PayoutDistributor.address;
      if (busy.current || account === undefined || distributor === undefined || leaves.length === 0) return;
      busy.current = true;
      const tokens = leaves.map((l) => l.token);
      let hash: Hex | undefined;
      try {
        const base = { account, address: distributor, abi: payoutDistributorAbi, chainId: targetChain.id } as const;
        setState({ status: "preparing", tokens });
        if (leaves.length === 1) {
          const leaf = leaves[0]!;
          const { request } = await simulateContract(config, {
            ...base,
            functionName: "claim",
            args: [account, leaf.token, leaf.cumulativeAmount, leaf.proof],
          });
          setState({ status: "awaiting-signature", tokens });
          hash = await writeContract(config, request);
        } else {
          const { request } = await simulateContract(config, {
            ...base,
            functionName: "claimBatch",
            args: [account, tokens, leaves.map((l) => l.cumulativeAmount), leaves.map((l) => l.proof)],
          });
          setState({ status: "awaiting-signature", tokens });
          hash = await writeContract(config, request);
        }
        setState({ status: "pending", tokens, hash });
        const receipt = await waitForTransactionReceipt(config, { hash, chainId: targetChain.id });
        if (receipt.status !== "success") {
          setState({
            status: "failed",
            tokens,
            hash,
            failure: {
              kind: "reverted",
              message: `The transaction was mined but reverted (block ${receipt.blockNumber}).`,
            },
          });
          return;
        }
        const paid = parseEventLogs({ abi: payoutDistributorAbi, logs: receipt.logs, eventName: "Claimed" })
          .filter(
            (log) =>
              log.address.toLowerCase() === distributor.toLowerCase() &&
              log.args.account.toLowerCase() === account.toLowerCase(),
          )
          .map((log) => ({ token: log.args.token, amount: log.args.amount }));
        setState({ status: "confirmed", tokens, hash, blockNumber: receipt.blockNumber, paid });
      } catch (error) {
        setState({ status: "failed", tokens, failure: decodeTxError(error, describe), ...(hash ? { hash } : {}) });
      } finally {
        busy.current = false;
        // Whatever happened, what the chain says now is what the page should show.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: claimsKey(account) }),
          queryClient.invalidateQueries({ queryKey: accountHistoryKey(account) }),
          queryClient.invalidateQueries({ queryKey: ["readContracts"] }),
        ]);
      }
    },
    [account, config, describe, queryClient],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, claim, reset };
}
