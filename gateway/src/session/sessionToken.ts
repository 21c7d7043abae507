/**
 * A payer's signed session as a call carries it: `Authorization: CCN-Session <token>`, the token being the
 * base64url of `{"session":{payer,runner,expiry,nonce},"signature":"0x…"}` (numbers as decimal strings). The
 * payer's client makes one once (`sessionToken`) and sends it with every call until it expires.
 */
import {
  address,
  decimal,
  type Hex,
  InvalidArgumentError,
  jsonText,
  MAX_UINT64,
  object,
  parseJson,
  type Session,
  string,
} from "@coherence/protocol";

export const SESSION_SCHEME = "CCN-Session";

const signedSessionSchema = object({
  session: object({
    payer: address({ nonZero: true }),
    runner: address({ nonZero: true }),
    expiry: decimal({ max: MAX_UINT64 }),
    nonce: decimal({ max: MAX_UINT64 }),
  }),
  signature: string({ pattern: /^0x[0-9a-fA-F]{130,}$/, expected: "a hex signature" }),
});

export type SignedSession = { readonly session: Session; readonly signature: Hex };

/** An Authorization header that does not carry a well-formed signed session. */
export class MalformedSessionError extends InvalidArgumentError {
  override name = "MalformedSessionError";
}

/**
 * @example
 * headers.authorization = `CCN-Session ${sessionToken({ session, signature })}`;
 */
export function sessionToken(signed: SignedSession): string {
  return Buffer.from(jsonText(signedSessionSchema.encode(signed as never)), "utf8").toString("base64url");
}

/**
 * The signed session an Authorization header carries; a missing, foreign-scheme or malformed one is a
 * {@link MalformedSessionError} saying which.
 */
export function readSessionHeader(header: string | undefined): SignedSession {
  if (header === undefined) throw new MalformedSessionError(`no Authorization header: send ${SESSION_SCHEME} <token>`);
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (scheme !== SESSION_SCHEME || token === undefined || rest.length > 0) {
    throw new MalformedSessionError(`the Authorization header is not "${SESSION_SCHEME} <token>"`);
  }
  const text = Buffer.from(token, "base64url").toString("utf8");
  try {
    const { session, signature } = parseJson(signedSessionSchema, text, { source: "the session token" });
    return { session: session as Session, signature: signature as Hex };
  } catch (error) {
    throw new MalformedSessionError((error as Error).message, { cause: error });
  }
}
