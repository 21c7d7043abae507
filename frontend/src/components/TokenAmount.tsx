import { formatAmount, isAmountShortened } from "../lib/formatAmount.ts";
import { UsdValue } from "./UsdValue.tsx";

/**
 * A token amount with its symbol. Exact unless `maxFractionDigits` shortens it, in which case the exact figure
 * is in the tooltip and the machine-readable `value` (base units) is always there. With `usd` (and the token's
 * `address`), its value in dollars follows when the token has a live USD feed.
 */
export function TokenAmount({
  value,
  decimals,
  symbol,
  maxFractionDigits,
  address,
  usd = false,
}: {
  value: bigint;
  decimals: number;
  symbol: string;
  maxFractionDigits?: number;
  address?: string;
  usd?: boolean;
}) {
  const shown = formatAmount(value, decimals, maxFractionDigits === undefined ? {} : { maxFractionDigits });
  const exact = formatAmount(value, decimals);
  const shortened = isAmountShortened(value, decimals, maxFractionDigits);
  const amount = (
    <data className="amount" value={value.toString()} title={shortened ? `${exact} ${symbol} exactly` : undefined}>
      {shown} <span className="symbol">{symbol}</span>
    </data>
  );
  if (!usd || address === undefined) return amount;
  return (
    <>
      {amount} <UsdValue token={address} value={value} decimals={decimals} />
    </>
  );
}
