import { useUsdPrices } from "../hooks/useUsdPrices.ts";
import { formatUsd, isPriceUnusable, usdCents } from "../lib/usdValue.ts";

/**
 * "≈ $12.34" beside a token amount, from the token's USD feed; nothing when the token has no feed or its price is
 * stale, so no figure is a guess. The price and its time are in the tooltip.
 */
export function UsdValue({ token, value, decimals }: { token: string; value: bigint; decimals: number }) {
  const price = useUsdPrices().get(token.toLowerCase());
  if (price === undefined || isPriceUnusable(price, BigInt(Math.floor(Date.now() / 1000)))) return null;
  const cents = usdCents(value, decimals, price);
  const perToken = usdCents(10n ** BigInt(decimals), decimals, price);
  const at = new Date(Number(price.updatedAt) * 1000).toISOString().replace(".000Z", "Z");
  return (
    <span
      className="usd"
      data-testid="usd"
      data-cents={cents.toString()}
      title={`at ${formatUsd(perToken)} each, as of ${at}`}
    >
      ≈ {formatUsd(cents, value > 0n)}
    </span>
  );
}
