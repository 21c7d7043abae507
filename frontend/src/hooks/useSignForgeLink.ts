import { type ForgeLinkStatement, forgeLinkRegistryAbi, forgeLinkTypedData } from "@coherence/protocol";
import { useCallback, useRef, useState } from "react";
import type { Address, Hex } from "viem";
import { useConfig } from "wagmi";

import { linkRegistry } from "../config/forgeLinkRegistry.ts";
import { actionPublicClient, actionWalletClient } from "../lib/actionClients.ts";
import { errorText } from "../lib/errorText.ts";
import { linkComment, verifyForgeLink } from "../lib/forgeLinks.ts";
import { isRejection } from "../lib/txError.ts";

/** Where a link statement is, from the click to the comment to post. */
export type SignLinkState =
  | { status: "idle" }
  /** Reading the registry's nonce of the address, which the statement must carry. */
  | { status: "reading-nonce" }
  | { status: "awaiting-signature"; statement: ForgeLinkStatement }
  | { status: "signed"; statement: ForgeLinkStatement; signature: Hex; comment: string }
  | { status: "failed"; rejected: boolean; message: string };

/**
 * Signs `account`'s link statement as `npm run intake -- link` does: the registry's current nonce, the EIP-712
 * statement in the registry's domain, and the `/ccn link` comment the forge account posts. Nothing is sent to the
 * chain: the intake records the statement once the forge account has posted it.
 *
 * @example
 * const link = useSignForgeLink(account);
 * link.sign("github.com", "ada"); // or a self-managed forge's host: "gitlab.example.org"
 * link.state.status === "signed" && link.state.comment;
 */
export function useSignForgeLink(account: Address) {
  const config = useConfig();
  const [state, setState] = useState<SignLinkState>({ status: "idle" });
  const busy = useRef(false);

  const sign = useCallback(
    async (forge: string, login: string): Promise<void> => {
      if (busy.current || linkRegistry === undefined) return;
      busy.current = true;
      try {
        setState({ status: "reading-nonce" });
        const nonce = await actionPublicClient(config).readContract({
          address: linkRegistry.address,
          abi: forgeLinkRegistryAbi,
          functionName: "nonces",
          args: [account],
        });
        const statement: ForgeLinkStatement = { forge, login, account, nonce };
        setState({ status: "awaiting-signature", statement });
        const wallet = await actionWalletClient(config);
        const signature = await wallet.signTypedData({ account, ...forgeLinkTypedData(linkRegistry, statement) });
        // The registry would refuse a signature that is not this address's; say so now rather than after posting.
        if (!(await verifyForgeLink(linkRegistry, { statement, signature }))) {
          setState({
            status: "failed",
            rejected: false,
            message: `The wallet's signature does not verify for ${account} (a contract wallet's cannot be checked here). Do not post it.`,
          });
          return;
        }
        setState({ status: "signed", statement, signature, comment: linkComment(account, signature) });
      } catch (error) {
        setState(
          isRejection(error)
            ? {
                status: "failed",
                rejected: true,
                message: "You rejected the signature in your wallet. Nothing was signed.",
              }
            : { status: "failed", rejected: false, message: errorText(error) },
        );
      } finally {
        busy.current = false;
      }
    },
    [account, config],
  );

  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, sign, reset };
}
