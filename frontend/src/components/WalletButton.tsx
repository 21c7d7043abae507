import { useConnection, useDisconnect } from "wagmi";

import { Address } from "./Address.tsx";

/** The header's wallet area: the connected account and a disconnect button. */
export function WalletButton() {
  const connection = useConnection();
  const disconnect = useDisconnect();
  if (connection.status !== "connected" || connection.address === undefined) {
    return (
      <a className="wallet-status" href="#/claim">
        Not connected
      </a>
    );
  }
  return (
    <span className="wallet-status" data-testid="wallet-status">
      <Address value={connection.address} />
      <button type="button" className="button-quiet" onClick={() => disconnect.mutate({})}>
        Disconnect
      </button>
    </span>
  );
}
