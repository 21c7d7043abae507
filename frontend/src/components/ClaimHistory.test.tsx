import { accountHistoryResponseSchema, parse } from "@coherence/protocol";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import { ClaimHistory } from "./ClaimHistory.tsx";

const ACCOUNT = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const OTHER = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
const TOKEN = "0x0165878a594ca255338adfa4d48449f69242eb8f";
const TX = `0x${"ab".repeat(32)}`;
const HASH = `0x${"cd".repeat(32)}`;
const describeToken = () => ({ symbol: "dUSD", decimals: 6 });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** An answer as the indexer sends it, decoded by the schema the web app reads it with. */
const history = (claims: unknown[]) =>
  parse(accountHistoryResponseSchema, {
    account: ACCOUNT,
    epochs: [2, 5].map((n) => ({
      number: String(n),
      status: n === 5 ? "revoked" : "finalised",
      payoutRoot: HASH,
      manifestHash: HASH,
      fromBlock: "1",
      toBlock: "9",
      finalisedAt: "1700000000",
      payouts: [
        {
          token: TOKEN,
          previous: n === 2 ? "0" : "1500000",
          amount: n === 2 ? "1500000" : "500000",
          cumulative: n === 2 ? "1500000" : "2000000",
        },
      ],
    })),
    claims,
  });

describe("an account's history on the Claim page", () => {
  test("epochs newest first with what each added and the total after it; a revoked one says so", () => {
    const html = renderToStaticMarkup(<ClaimHistory history={history([])} describe={describeToken} />);
    const rows = html.split('data-testid="history-epoch"').slice(1).map(text);
    expect(rows[0]).toMatch(/5 revoked .* 0\.5 dUSD 2 dUSD/);
    expect(rows[1]).toMatch(/2 .* 1\.5 dUSD 1\.5 dUSD/);
    expect(rows[1]).not.toContain("revoked");
    expect(html).toContain('data-testid="no-claims"');
  });

  test("claims say how much, to whom (this account or the recipient of a signed claim) and their transaction", () => {
    const claim = (recipient: string) => ({
      kind: recipient === ACCOUNT ? "claim" : "claimWithSig",
      token: TOKEN,
      recipient,
      amount: "1500000",
      epochNumber: "2",
      blockNumber: "12",
      timestamp: "1700000100",
      txHash: TX,
    });
    const html = renderToStaticMarkup(
      <ClaimHistory history={history([claim(ACCOUNT), claim(OTHER)])} describe={describeToken} />,
    );
    const rows = html.split('data-testid="history-claim"').slice(1).map(text);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("this account");
    expect(rows[0]).not.toContain("this account");
    expect(rows.every((row) => row.includes("1.5 dUSD"))).toBe(true);
  });
});
