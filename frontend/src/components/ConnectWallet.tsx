import { useConnect, useConnectors } from "wagmi";

import { errorText } from "../lib/errorText.ts";
import { isRejection } from "../lib/txError.ts";
import { Notice } from "./Notice.tsx";

/**
 * The wallets the browser offers (announced with EIP-6963; the legacy `window.ethereum` only when none did),
 * each a button that connects it. It stays while a wallet connects, so a refusal is shown (and focused) here.
 * `why` says which account to connect and what for.
 */
export function ConnectWallet({
  why = "Connect the wallet of the account you contributed with to see what you can claim and why.",
}: {
  why?: string;
}) {
  const connectors = useConnectors();
  const connect = useConnect();
  const announced = connectors.filter((c) => c.id !== "injected");
  const shown = announced.length > 0 ? announced : connectors;
  return (
    <section className="panel" aria-labelledby="connect-title" data-testid="connect-wallet">
      <h2 id="connect-title">Connect a wallet</h2>
      <p>{why}</p>
      <ul className="wallet-list">
        {shown.map((connector) => (
          <li key={connector.uid}>
            <button
              type="button"
              className="button-primary"
              disabled={connect.isPending}
              onClick={() => connect.mutate({ connector })}
            >
              {connector.icon ? <img src={connector.icon} alt="" width={20} height={20} /> : null}
              {connect.isPending && connect.variables?.connector === connector
                ? `Connecting ${connector.name}…`
                : `Connect ${connector.name}`}
            </button>
          </li>
        ))}
      </ul>
      {connect.error ? (
        <Notice tone="error" title="The wallet did not connect" testId="connect-error" focus>
          <p>
            {isRejection(connect.error)
              ? "You declined the connection in your wallet. Nothing was shared; connect again when you want to."
              : errorText(connect.error)}
          </p>
        </Notice>
      ) : null}
    </section>
  );
}
