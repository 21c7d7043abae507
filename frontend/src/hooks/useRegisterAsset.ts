import {
  type RegisteredAsset,
  type Registration,
  RegistrationRefusedError,
  registerAsset,
} from "@coherence/protocol/actions";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useConfig } from "wagmi";

import { deployment } from "../config/deployment.ts";
import { actionPublicClient, actionWalletClient } from "../lib/actionClients.ts";
import { errorText } from "../lib/errorText.ts";
import { observeClients } from "../lib/observeClients.ts";
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
        // The registry's checks run first; the wallet is asked only once they found nothing.
        const observed = observeClients(
          { publicClient: actionPublicClient(config), walletClient: await actionWalletClient(config) },
          (event) => {
            if (event.type === "writing") setState({ status: "sending" });
          },
        );
        const asset = await registerAsset({ ...observed, deployment, registration, source: "the bundle" });
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
            : {
                status: "failed",
                rejected: false,
                message: `${errorText(error)}${error instanceof RegistrationRefusedError ? " Nothing was sent." : ""}`,
              },
        );
      } finally {
        busy.current = false;
      }
    },
    [config, queryClient],
  );

  return { state, register, reset: () => setState({ status: "idle" }) };
}
