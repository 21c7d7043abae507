/**
 * Checks the session a call carries: signed by its payer (an EOA's signature recovered here; a contract wallet's
 * checked on-chain through ERC-1271 when a public client is given), for this gateway's runner, in this escrow's
 * domain, and not expired. A session's signature is checked once: later calls with the same session and signature
 * are a map lookup on their text (no hashing), with the expiry checked on every call, so authentication costs a
 * call microseconds, not a signature recovery or an RPC round trip.
 */
import { type Hex, type MeteringEscrowRef, type Session, sessionTypedData, verifyMetering } from "@coherence/protocol";
import type { Address, PublicClient } from "viem";
import { RefusedError } from "../refusedError.ts";
import type { SignedSession } from "./sessionToken.ts";

export type SessionRefusal = "expired" | "other-runner" | "bad-signature";

/** A well-formed session this gateway does not accept, with the reason in `code`. */
export class SessionRefusedError extends RefusedError<SessionRefusal> {
  override name = "SessionRefusedError";
}

export type SessionCheckerOptions = {
  readonly escrow: MeteringEscrowRef;
  /** The runner this gateway signs records as: sessions opened with another runner are refused. */
  readonly runner: Address;
  /** Unix seconds now; the chain's or the clock's. */
  readonly now: () => bigint;
  /** Given, contract wallets' sessions are checked on-chain (ERC-1271); without it only EOAs can pay. */
  readonly client?: PublicClient;
};

/**
 * @example
 * const check = sessionChecker({ escrow, runner: account.address, now: () => BigInt(Math.floor(Date.now() / 1000)) });
 * const session = await check(readSessionHeader(request.headers.authorization));
 */
export function sessionChecker(options: SessionCheckerOptions): (signed: SignedSession) => Promise<Session> {
  const verified = new Map<string, Session>();
  return async ({ session, signature }) => {
    if (session.expiry <= options.now()) {
      throw new SessionRefusedError("expired", `the session expired at ${session.expiry}: sign a new one`);
    }
    if (session.runner.toLowerCase() !== options.runner.toLowerCase()) {
      throw new SessionRefusedError(
        "other-runner",
        `the session was opened with runner ${session.runner}, and this gateway runs as ${options.runner}`,
      );
    }
    // Every signed field and the signature: an altered session or signature is another key, and checked afresh.
    const key = `${session.payer}:${session.runner}:${session.expiry}:${session.nonce}:${signature}`;
    const known = verified.get(key);
    if (known !== undefined) return known;
    if (!(await signedByPayer(options, session, signature))) {
      throw new SessionRefusedError("bad-signature", `the session is not signed by its payer ${session.payer}`);
    }
    verified.set(key, session);
    return session;
  };
}

async function signedByPayer(options: SessionCheckerOptions, session: Session, signature: Hex): Promise<boolean> {
  if (await verifyMetering(options.escrow, { kind: "session", value: session }, signature)) return true;
  if (options.client === undefined) return false;
  return await options.client
    .verifyTypedData({ address: session.payer, signature, ...sessionTypedData(options.escrow, session) })
    .catch(() => false);
}
