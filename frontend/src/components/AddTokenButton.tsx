import { useWatchAsset } from "wagmi";

import { isRejection } from "../lib/txError.ts";

/**
 * Asks the wallet to show a token it was just paid in (`wallet_watchAsset`), so the claim is visible there too; says
 * what happened, since wallets differ (some refuse symbols over 11 characters, some do not support it at all).
 */
export function AddTokenButton({
  address,
  symbol,
  decimals,
}: {
  address: `0x${string}`;
  symbol: string;
  decimals: number;
}) {
  const watch = useWatchAsset();
  if (watch.isSuccess) {
    return (
      <span className="muted" data-testid="token-added">
        {symbol} is in your wallet's token list.
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button-quiet"
        data-testid="add-token"
        disabled={watch.isPending}
        onClick={() => watch.mutate({ type: "ERC20", options: { address, symbol, decimals } })}
      >
        Add {symbol} to your wallet
      </button>
      {watch.isError ? (
        <span className="muted" role="status">
          {isRejection(watch.error)
            ? " You declined; the tokens are in your account either way."
            : " Your wallet did not add it."}
        </span>
      ) : null}
    </>
  );
}
