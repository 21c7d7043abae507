import { formatAmount, isAmountShortened } from "../lib/formatAmount.ts";

/**
 * A token amount with its symbol. Exact unless `maxFractionDigits` shortens it, in which case the exact figure
 * is in the tooltip and the machine-readable `value` (base units) is always there.
 */
export function TokenAmount({
  value,
  decimals,
  symbol,
  maxFractionDigits,
}: {
  value: bigint;
  decimals: number;
  symbol: string;
  maxFractionDigits?: number;
}) {
  const shown = formatAmount(value, decimals, maxFractionDigits === undefined ? {} : { maxFractionDigits });
  const exact = formatAmount(value, decimals);
  const shortened = isAmountShortened(value, decimals, maxFractionDigits);
  return (
    <data className="amount" value={value.toString()} title={shortened ? `${exact} ${symbol} exactly` : undefined}>
      {shown} <span className="symbol">{symbol}</span>
    </data>
  );
}
