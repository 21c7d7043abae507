/**
 * An account's payouts as an Atom feed (RFC 4287), so a contributor is told of a new claimable payout by any feed
 * reader, without keeping the web app open: an entry per finalised epoch that paid the account (and one when
 * governance revoked such an epoch), newest first, built from the same history the history API answers.
 */
import type { AccountHistoryResponse, Hex } from "@coherence/protocol";
import { formatTokenAmount } from "@coherence/protocol/actions";

/** What the feed says of a token. */
export type FeedToken = { symbol: string; decimals: number };

export type AccountFeedOptions = {
  chainId: number;
  /** The feed's own URL, as it was asked for. */
  selfUrl: string;
  tokens: ReadonlyMap<Hex, FeedToken>;
};

/**
 * @example
 * accountFeed(history, { chainId: 42161, selfUrl, tokens }) // '<?xml version="1.0" encoding="utf-8"?>\n<feed …'
 */
export function accountFeed(history: AccountHistoryResponse, options: AccountFeedOptions): string {
  const { chainId, selfUrl, tokens } = options;
  const amounts = (payouts: AccountHistoryResponse["epochs"][number]["payouts"], part: "amount" | "cumulative") =>
    payouts
      .map((p) => {
        const token = tokens.get(p.token) ?? { symbol: p.token, decimals: 0 };
        return `${formatTokenAmount(p[part], token.decimals)} ${token.symbol}`;
      })
      .join(", ");
  const entries = [...history.epochs].reverse().map((epoch) => {
    const revoked = epoch.status === "revoked";
    const title = revoked
      ? `Epoch ${epoch.number} was revoked by governance`
      : `Epoch ${epoch.number}: ${amounts(epoch.payouts, "amount")} for you`;
    const content = revoked
      ? `Governance revoked epoch ${epoch.number}: its payouts to you (${amounts(epoch.payouts, "amount")}) no longer pay; a later epoch covers its blocks again.`
      : `Epoch ${epoch.number} was finalised with ${amounts(epoch.payouts, "amount")} for you; your cumulative payout is ${amounts(epoch.payouts, "cumulative")}, claimable less what you have claimed. Payout root ${epoch.payoutRoot}.`;
    return [
      "  <entry>",
      `    <id>urn:coherence:${chainId}:epoch:${epoch.number}:${epoch.status}:${history.account}</id>`,
      `    <title>${xml(title)}</title>`,
      `    <updated>${iso(epoch.finalisedAt)}</updated>`,
      `    <content type="text">${xml(content)}</content>`,
      "  </entry>",
    ].join("\n");
  });
  const updated = history.epochs.reduce<bigint | null>(
    (latest, e) => (e.finalisedAt !== null && (latest === null || e.finalisedAt > latest) ? e.finalisedAt : latest),
    null,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>urn:coherence:${chainId}:payouts:${history.account}</id>`,
    `  <title>Coherence Network payouts of ${history.account}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(selfUrl)}"/>`,
    `  <updated>${iso(updated)}</updated>`,
    "  <author><name>Coherence Network indexer</name></author>",
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

/** Chain time as RFC 3339; an epoch with no finalisation time (none is served) reads as the epoch of time. */
function iso(seconds: bigint | null): string {
  return new Date(Number(seconds ?? 0n) * 1000).toISOString().replace(".000Z", "Z");
}

function xml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
