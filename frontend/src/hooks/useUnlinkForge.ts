import { forgeLinkRegistryAbi } from "@coherence/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { Address, Hex } from "viem";
import { useConfig } from "wagmi";
import { simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { targetChain } from "../config/chains.ts";
import { linkRegistry } from "../config/forgeLinkRegistry.ts";
import { type DescribeToken, decodeTxError, type TxFailure } from "../lib/txError.ts";
import { forgeLinksKey } from "./useForgeLinks.ts";

/** Where an unlink transaction is, from the click to the receipt. */
export type UnlinkTxState =
  | { status: "idle" }
  | { status: "preparing"; forge: string }
  | { status: "awaiting-signature"; forge: string }
  | { status: "pending"; forge: string; hash: Hex }
  | { status: "confirmed"; forge: string; hash: Hex; blockNumber: bigint }
  | { status: "failed"; forge: string; failure: TxFailure; hash?: Hex };

/** An unlink moves no token: the error decoder's token names are never asked for. */
const NO_TOKENS: DescribeToken = (token) => ({ symbol: token, decimals: 0 });

/**
 * `unlink(forge)` from the connected address, which needs nobody else: simulate (a refusal is decoded before the
 * wallet is asked), sign, wait for the receipt, then ask the indexer for the links again.
 *
 * @example
 * const tx = useUnlinkForge(account);
 * tx.unlink("github.com");
 */
export function useUnlinkForge(account: Address) {
  const config = useConfig();
  const queryClient = useQueryClient();
  const [state, setState] = useState<UnlinkTxState>({ status: "idle" });
  const busy = useRef(false);

  const unlink = useCallback(
    async (forge: string): Promise<void> => {
      if (busy.current || linkRegistry === undefined) return;
      busy.current = true;
      let hash: Hex | undefined;
      try {
        setState({ status: "preparing", forge });
        const { request } = await simulateContract(config, {
          account,
          address: linkRegistry.address,
          abi: forgeLinkRegistryAbi,
          functionName: "unlink",
          args: [forge],
          chainId: targetChain.id,
        });
        setState({ status: "awaiting-signature", forge });
        hash = await writeContract(config, request);
        setState({ status: "pending", forge, hash });
        const receipt = await waitForTransactionReceipt(config, { hash, chainId: targetChain.id });
        setState(
          receipt.status === "success"
            ? { status: "confirmed", forge, hash, blockNumber: receipt.blockNumber }
            : {
                status: "failed",
                forge,
                hash,
                failure: {
                  kind: "reverted",
                  message: `The transaction was mined but reverted (block ${receipt.blockNumber}).`,
                },
              },
        );
      } catch (error) {
        setState({ status: "failed", forge, failure: decodeTxError(error, NO_TOKENS), ...(hash ? { hash } : {}) });
      } finally {
        busy.current = false;
        await queryClient.invalidateQueries({ queryKey: forgeLinksKey(account) });
      }
    },
    [account, config, queryClient],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, unlink, reset };
}
