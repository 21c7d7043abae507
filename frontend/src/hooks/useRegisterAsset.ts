import {
  type RegisteredAsset,
  type Registration,
  registerAsset,
  registrationProblem,
} from "@coherence/protocol/actions";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { PublicClient, WalletClient } from "viem";
import { useConfig } from "wagmi";
import { getPublicClient, getWalletClient } from "wagmi/actions";

import { targetChain } from "../config/chains.ts";
import { deployment } from "../config/deployment.ts";
import { errorText } from "../lib/errorText.ts";
import { isRejection } from "../lib/txError.ts";

/** Where a registration is, from the click to the new asset. */
export type RegisterState =
  | { status: "idle" }
  | { status: "checking" }
  /** Checked against the registry: the wallet asks for a signature, then the transaction is mined. */
  | { status: "sending" }
  | { status: "registered"; asset: RegisteredAsset }
  /** Refused before anything was sent (by the checks, the simulation or the wallet), or failed once sent. */
  | { status: "failed"; rejected: boolean; message: string };

/**
 * Registers through `@coherence/protocol/actions`, the checks and the transaction `ccn asset register` uses: what
 * the registry would refuse is named by field before the wallet is asked, and nothing is sent.
 *
 * @example
 * const tx = useRegisterAsset();
 * tx.register(registration);
 * tx.state.status === "registered" && tx.state.asset.assetId;
 */
export function useRegisterAsset() {
  const config = useConfig();
  const queryClient = useQueryClient();
  const [state, setState] = useState<RegisterState>({ status: "idle" });
  const busy = useRef(false);

  const register = useCallback(
    async (registration: Registration): Promise<void> => {
      if (busy.current || deployment === undefined) return;
      busy.current = true;
      try {
        setState({ status: "checking" });
        // wagmi's clients are viem's, typed for the configured chain.
        const publicClient = getPublicClient(config, { chainId: targetChain.id }) as PublicClient;
        const problem = await registrationProblem(publicClient, deployment, registration, "the bundle");
        if (problem !== undefined) {
          setState({ status: "failed", rejected: false, message: `${errorText(problem)} Nothing was sent.` });
          return;
        }
        const walletClient = (await getWalletClient(config, { chainId: targetChain.id })) as WalletClient;
        setState({ status: "sending" });
        const asset = await registerAsset({
          publicClient,
          walletClient,
          deployment,
          registration,
          source: "the bundle",
        });
        setState({ status: "registered", asset });
        await queryClient.invalidateQueries();
      } catch (error) {
        setState(
          isRejection(error)
            ? {
                status: "failed",
                rejected: true,
                message: "You rejected the request in your wallet. Nothing was sent.",
              }
            : { status: "failed", rejected: false, message: errorText(error) },
        );
      } finally {
        busy.current = false;
      }
    },
    [config, queryClient],
  );

  return { state, register, reset: () => setState({ status: "idle" }) };
}
