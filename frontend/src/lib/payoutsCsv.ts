import type { AccountHistoryResponse, Hex, ManifestLeaf } from "@coherence/protocol";

import { formatAmount } from "./formatAmount.ts";
import { type UsdPrice, usdCents } from "./usdValue.ts";

/** What a row says of a token. */
export type CsvToken = { symbol: string; decimals: number };

/** The USD price of `token` at `timestamp` (seconds), when its feed had one then. */
export type PriceAt = (token: string, timestamp: bigint) => UsdPrice | undefined;

/** The columns, in order: one row per payout (epoch, token, asset) and per claim. */
export const PAYOUTS_CSV_COLUMNS = [
  "type",
  "epoch",
  "date_utc",
  "token",
  "token_address",
  "asset_id",
  "source",
  "amount",
  "amount_base_units",
  "usd_at_time",
  "transaction",
] as const;

export type PayoutsCsvInput = {
  history: AccountHistoryResponse;
  /**
   * The account's own leaves in each of the history's finalised epochs, by epoch number, as proven in the browser
   * (./epochPayouts.ts: its slice of the epoch's manifest, not the whole manifest).
   */
  leaves: ReadonlyMap<bigint, readonly Pick<ManifestLeaf, "token" | "sources">[]>;
  describe: (token: Hex) => CsvToken;
  priceAt: PriceAt;
};

/**
 * An account's payouts and claims for its records (tax, bookkeeping): every finalised epoch's allocation to it,
 * split by token and by the asset pool it came from (the manifest's leaf sources), then every claim; amounts exact,
 * in tokens and base units, and in US dollars at the epoch's finalisation or the claim's time (blank when the token
 * had no price then); a claim's epoch is the one whose root it was proven against. Revoked epochs are left out: their leaves never pay, and the next epoch pays their blocks.
 * RFC 4180: comma-separated, CRLF lines, fields quoted when needed.
 *
 * @example
 * payoutsCsv({ history, leaves, describe, priceAt }).split("\r\n")[0] // "type,epoch,date_utc,token,…"
 */
export function payoutsCsv(input: PayoutsCsvInput): string {
  const { history, leaves, describe, priceAt } = input;
  const rows: string[][] = [[...PAYOUTS_CSV_COLUMNS]];
  const money = (token: Hex, amount: bigint, timestamp: bigint | null) => {
    const { symbol, decimals } = describe(token);
    const price = timestamp === null ? undefined : priceAt(token, timestamp);
    const cents = price === undefined ? undefined : usdCents(amount, decimals, price);
    return [
      symbol,
      token,
      formatAmount(amount, decimals, { group: false }),
      amount.toString(),
      cents === undefined ? "" : `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`,
    ] as const;
  };
  for (const epoch of history.epochs) {
    if (epoch.status !== "finalised") continue;
    const mine = leaves.get(epoch.number);
    if (mine === undefined) throw new Error(`The payouts of epoch ${epoch.number} are missing.`);
    const date = epoch.finalisedAt === null ? "" : isoDate(epoch.finalisedAt);
    for (const leaf of mine) {
      for (const source of leaf.sources) {
        const [symbol, token, amount, units, usd] = money(leaf.token, source.amount, epoch.finalisedAt);
        const asset = source.assetId.toString();
        rows.push(["payout", epoch.number.toString(), date, symbol, token, asset, source.kind, amount, units, usd, ""]);
      }
    }
  }
  for (const claim of history.claims) {
    const [symbol, token, amount, units, usd] = money(claim.token, claim.amount, claim.timestamp);
    const epoch = claim.epochNumber.toString();
    rows.push(["claim", epoch, isoDate(claim.timestamp), symbol, token, "", "", amount, units, usd, claim.txHash]);
  }
  return `${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

function isoDate(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

/** A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
