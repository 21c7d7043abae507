import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { type Session, signMetering } from "@coherence/protocol";
import { privateKeyToAccount } from "viem/accounts";

import { sessionChecker } from "./sessionChecker.ts";
import { MalformedSessionError, readSessionHeader, SESSION_SCHEME, sessionToken } from "./sessionToken.ts";

const escrow = { chainId: 31337, address: "0x5FbDB2315678afecb367f032d93F642f64180aa3" } as const;
const payer = privateKeyToAccount(`0x${"11".repeat(32)}`);
const runner = privateKeyToAccount(`0x${"22".repeat(32)}`);
const stranger = privateKeyToAccount(`0x${"33".repeat(32)}`);
const NOW = 1_800_000_000n;
const check = sessionChecker({ escrow, runner: runner.address, now: () => NOW });

async function signed(session: Partial<Session> = {}, by = payer) {
  const value: Session = { payer: payer.address, runner: runner.address, expiry: NOW + 3600n, nonce: 1n, ...session };
  return { session: value, signature: await signMetering(by, escrow, { kind: "session", value }) };
}

const header = async (session: Partial<Session> = {}, by = payer) =>
  `${SESSION_SCHEME} ${sessionToken(await signed(session, by))}`;

describe("sessions", () => {
  test("a session the payer signed for this runner is its payer's, as often as it is sent", async () => {
    const sent = await header();
    for (let i = 0; i < 3; i++) assert.equal((await check(readSessionHeader(sent))).payer, payer.address);
  });

  test("an expired session, another runner's, and one signed by someone else are refused by code", async () => {
    await assert.rejects(check(readSessionHeader(await header({ expiry: NOW }))), { code: "expired" });
    await assert.rejects(check(readSessionHeader(await header({ runner: stranger.address }))), {
      code: "other-runner",
    });
    await assert.rejects(check(readSessionHeader(await header({}, stranger))), { code: "bad-signature" });
  });

  test("a session checked once and then altered is checked again, and refused", async () => {
    const good = await signed();
    await check(good);
    await assert.rejects(check({ ...good, session: { ...good.session, expiry: NOW + 7200n } }), {
      code: "bad-signature",
    });
  });

  test("a missing, foreign or malformed Authorization header is a MalformedSessionError", async () => {
    const token = sessionToken(await signed());
    for (const bad of [
      undefined,
      `Bearer ${token}`,
      `${SESSION_SCHEME}`,
      `${SESSION_SCHEME} ${token} extra`,
      `${SESSION_SCHEME} ${Buffer.from('{"session":{}}').toString("base64url")}`,
      `${SESSION_SCHEME} not-base64-json`,
    ]) {
      assert.throws(() => readSessionHeader(bad), MalformedSessionError, String(bad));
    }
  });
});
