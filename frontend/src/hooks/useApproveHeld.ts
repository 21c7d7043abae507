import { intakeApprovalTypedData } from "@coherence/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";

import { targetChain } from "../config/chains.ts";
import { intake } from "../config/intake.ts";
import { actionWalletClient } from "../lib/actionClients.ts";
import { errorText } from "../lib/errorText.ts";
import { APPROVAL_SECONDS, type HeldChange, type IntakeForge } from "../lib/intake.ts";
import { isRejection } from "../lib/txError.ts";
import { intakeRepositoriesKey } from "./useIntakeRepositories.ts";

/** Where an approval is, from the click to the intake's answer. */
export type ApproveState =
  | { status: "idle" }
  | { status: "awaiting-signature"; change: string }
  | { status: "posting"; change: string }
  | { status: "approved"; change: string; released: number }
  | { status: "failed"; change: string; rejected: boolean; message: string };

/**
 * The owner's approval of a change request's held work: the wallet signs the EIP-712 IntakeApproval (bound to the
 * held contributions' ids and a deadline minutes away), the page posts it to the intake, which checks the signer is
 * the asset's owner and releases them to the relayer. Nothing is sent to the chain from here.
 */
export function useApproveHeld(account: Address) {
  const config = useConfig();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ApproveState>({ status: "idle" });
  const busy = useRef(false);

  const approve = useCallback(
    async (forge: IntakeForge, held: HeldChange): Promise<void> => {
      if (busy.current || intake === undefined) return;
      busy.current = true;
      const change = `${held.repository}#${held.number}`;
      try {
        setState({ status: "awaiting-signature", change });
        const deadline = Math.floor(Date.now() / 1000) + APPROVAL_SECONDS;
        const fields = { forge, repository: held.repository, heldHash: held.heldHash };
        const wallet = await actionWalletClient(config);
        const signature = await wallet.signTypedData({
          account,
          ...intakeApprovalTypedData(targetChain.id, {
            ...fields,
            number: BigInt(held.number),
            deadline: BigInt(deadline),
          }),
        });
        setState({ status: "posting", change });
        const answer = await intake.approve({ ...fields, number: held.number, deadline, signature });
        setState({ status: "approved", change, released: answer.released.length });
      } catch (error) {
        setState(
          isRejection(error)
            ? { status: "failed", change, rejected: true, message: "You rejected the signature. Nothing was approved." }
            : { status: "failed", change, rejected: false, message: errorText(error) },
        );
      } finally {
        busy.current = false;
        void queryClient.invalidateQueries({ queryKey: intakeRepositoriesKey(account) });
      }
    },
    [account, config, queryClient],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, approve, reset };
}
