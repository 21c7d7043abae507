/**
 * The gateway's HTTP API (Hono). A paid call, `POST /v1/composables/<asset id>/run` with the payer's session, runs
 * the pinned composable and answers its output with a record of run the runner signed (asset, bundle content
 * hash, input and output hashes, runner, payer, units, price, nonce, time) and what the payer's channel now owes,
 * which the payer's client counter-signs as a voucher (`POST /v1/vouchers`). A payer's calls are served one at a
 * time, so its free tier, nonces and channel are never raced; a call whose run fails is not charged and gets no
 * record. Every error is JSON `{ "error": { "code", "message" } }`.
 */

import { readFile } from "node:fs/promises";
import path from "node:path";
import { type ComposableRunner, type PinnedBundle, RunFailedError, RunTimeoutError } from "@coherence/oracle";
import {
  address,
  BaseError,
  canonicalJson,
  decimal,
  type Hex,
  json,
  MAX_UINT64,
  MAX_UINT256,
  type MeteringEscrowRef,
  object,
  parseJson,
  type RecordOfRun,
  type Session,
  string,
  type Voucher,
} from "@coherence/protocol";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import type { Address, LocalAccount } from "viem";

import type { EscrowReader } from "../chain/escrowReader.ts";
import { chargeOf } from "../metering/charge.ts";
import type { UsageBook } from "../metering/usageBook.ts";
import { SessionRefusedError } from "../session/sessionChecker.ts";
import { MalformedSessionError, readSessionHeader, type SignedSession } from "../session/sessionToken.ts";
import { recordSigner } from "../signing/recordSigner.ts";
import { acceptVoucher, VoucherRefusedError } from "../vouchers/acceptVoucher.ts";

/** A composable this gateway serves: its pin and the runner that calls it. */
export type ServedComposable = { readonly bundle: PinnedBundle; readonly runner: ComposableRunner };

export type GatewayOptions = {
  readonly escrow: MeteringEscrowRef;
  /** The runner's key: it signs every record of run. */
  readonly account: LocalAccount;
  /** The allowlisted token calls are paid in. */
  readonly token: Address;
  /** The runner's hosting fee, in basis points of what the asset is paid (at most the escrow's cap). */
  readonly hostingFeeBps: bigint;
  readonly composables: ReadonlyMap<bigint, ServedComposable>;
  readonly book: UsageBook;
  readonly chain: EscrowReader;
  readonly checkSession: (signed: SignedSession) => Promise<Session>;
  /** Unix seconds. */
  readonly now: () => bigint;
  /** Bytes of a call's body at most. */
  readonly maxBodyBytes?: number;
  /** Where the anchored periods' records files are (`anchorPeriods`), served at `/v1/records/<hash>.json`. */
  readonly recordsDir?: string;
};

/** A call refused with an HTTP status and a code. */
class CallRefused extends BaseError {
  override name = "CallRefused";
  readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 422 | 503 | 504;
  readonly code: string;

  constructor(status: CallRefused["status"], code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const runBodySchema = object({ input: json() });
const voucherBodySchema = object({
  voucher: object({
    payer: address({ nonZero: true }),
    runner: address({ nonZero: true }),
    assetId: decimal({ max: MAX_UINT256 }),
    token: address({ nonZero: true }),
    units: decimal({ max: MAX_UINT256 }),
    amount: decimal({ max: MAX_UINT256 }),
    hostingFee: decimal({ max: MAX_UINT256 }),
    period: decimal({ max: MAX_UINT64 }),
    nonce: decimal({ max: MAX_UINT64 }),
  }),
  signature: string({ pattern: /^0x[0-9a-fA-F]{130,}$/, expected: "a hex signature" }),
});

/** The units a call is metered in: one per call. */
const UNITS_PER_CALL = 1n;
/** Parsed session headers kept at most; past it the cache starts over (a header is parsed again, not refused). */
const MAX_KEPT_HEADERS = 10_000;

/** The app is served by @hono/node-server, whose Node request it reads the body and session header from. */
type GatewayEnv = { Bindings: HttpBindings };

export function gatewayApp(options: GatewayOptions): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const runnerAddress = options.account.address;
  const payerQueues = new Map<string, Promise<unknown>>();
  const signRecord = recordSigner(options.account, options.escrow);
  // A payer sends the same header with every call: it is parsed once; `checkSession` still checks expiry each call.
  const parsedHeaders = new Map<string, SignedSession>();

  /** Runs `work` after the payer's earlier calls, so a payer's calls never interleave. */
  const inPayerOrder = <T>(payer: Address, work: () => Promise<T>): Promise<T> => {
    const key = payer.toLowerCase();
    const result = (payerQueues.get(key) ?? Promise.resolve()).then(work);
    const settled = result.catch(() => undefined);
    payerQueues.set(key, settled);
    void settled.then(() => {
      if (payerQueues.get(key) === settled) payerQueues.delete(key);
    });
    return result;
  };

  const answer = (c: Context<GatewayEnv>, value: unknown, status: 200 = 200) =>
    c.body(canonicalJson(value as never), status, { "content-type": "application/json" });
  const refuse = (c: Context<GatewayEnv>, error: CallRefused) =>
    c.body(JSON.stringify({ error: { code: error.code, message: error.shortMessage } }), error.status, {
      "content-type": "application/json",
    });

  // Read from Node's request itself: Hono's `c.req.text()` would first build a web Request and its stream.
  const bodyText = async (c: Context<GatewayEnv>): Promise<string> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of c.env.incoming as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBodyBytes) throw new CallRefused(413, "too-large", `the body is over ${maxBodyBytes} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString("utf8");
  };

  const parsedHeader = (header: string | undefined): SignedSession => {
    const kept = header === undefined ? undefined : parsedHeaders.get(header);
    if (kept !== undefined) return kept;
    const signed = readSessionHeader(header);
    if (parsedHeaders.size >= MAX_KEPT_HEADERS) parsedHeaders.clear();
    parsedHeaders.set(header!, signed);
    return signed;
  };

  const payerOf = async (c: Context<GatewayEnv>): Promise<Session> => {
    try {
      return await options.checkSession(parsedHeader(c.env.incoming.headers.authorization));
    } catch (error) {
      if (error instanceof MalformedSessionError) throw new CallRefused(401, "malformed-session", error.shortMessage);
      if (error instanceof SessionRefusedError) throw new CallRefused(401, `session-${error.code}`, error.shortMessage);
      throw error;
    }
  };

  const served = (id: string): { assetId: bigint; composable: ServedComposable } => {
    const assetId = /^[1-9][0-9]{0,77}$/.test(id) ? BigInt(id) : undefined;
    const composable = assetId === undefined ? undefined : options.composables.get(assetId);
    if (assetId === undefined || composable === undefined) {
      throw new CallRefused(404, "unknown-composable", `this gateway serves no composable of asset ${id}`);
    }
    return { assetId, composable };
  };

  const run = async (payer: Address, assetId: bigint, composable: ServedComposable, input: never) => {
    const { book, chain, token } = options;
    if (!(await chain.isRunner(assetId, runnerAddress))) {
      throw new CallRefused(503, "not-served", `asset ${assetId}'s owner has not chosen ${runnerAddress} as a runner`);
    }
    const period = options.now() / (await chain.periodLength());
    const charge = chargeOf(
      UNITS_PER_CALL,
      book.usedThisPeriod(payer, assetId, period),
      await chain.terms(assetId, token),
      options.hostingFeeBps,
    );
    if (charge.paidUnits > 0n) {
      const owed = book.owed(payer, assetId, token);
      const vouched = book.latestVoucher(payer, assetId, token)?.voucher;
      const unvouched =
        owed.amount + owed.hostingFee - (vouched === undefined ? 0n : vouched.amount + vouched.hostingFee);
      if (unvouched > 0n) {
        throw new CallRefused(
          402,
          "voucher-required",
          `sign a voucher for what the channel owes (${owed.amount} to the asset, ${owed.hostingFee} in hosting fees) before the next paid call`,
        );
      }
      const unredeemed = owed.amount + owed.hostingFee - (await chain.redeemed(payer, runnerAddress, assetId, token));
      const available = await chain.escrowOf(payer, token);
      if (available < unredeemed + charge.amount + charge.hostingFee) {
        throw new CallRefused(
          402,
          "no-escrow",
          `${payer}'s escrow of ${available} does not cover the ${unredeemed} owed and this call's ${charge.amount + charge.hostingFee}: deposit first`,
        );
      }
    }
    const result = await composable.runner.run(input).catch((error: unknown) => {
      if (error instanceof RunTimeoutError) throw new CallRefused(504, "run-timeout", error.shortMessage);
      if (error instanceof RunFailedError) throw new CallRefused(422, "run-failed", error.shortMessage);
      throw error;
    });
    const record: RecordOfRun = {
      assetId,
      bundleHash: composable.bundle.contentHash,
      inputHash: result.inputHash,
      outputHash: result.outputHash,
      runner: runnerAddress,
      payer,
      units: charge.units,
      price: charge.amount,
      nonce: book.nextNonce(payer),
      time: options.now(),
    };
    const signature = await signRecord(record);
    const owed = book.commit({ record, input, output: result.output, signature, token, period, charge });
    return { output: result.output, record, signature, charge, owed, period };
  };

  app.onError((error, c) => {
    if (error instanceof CallRefused) return refuse(c, error);
    return refuse(c, new CallRefused(503, "unavailable", `the gateway could not serve this call: ${error.message}`));
  });
  app.notFound((c) => refuse(c, new CallRefused(404, "not-found", `no route ${c.req.method} ${c.req.path}`)));

  app.get("/v1/records/:file", async (c) => {
    const file = c.req.param("file");
    if (options.recordsDir === undefined || !/^0x[0-9a-f]{64}\.json$/.test(file)) {
      throw new CallRefused(404, "unknown-records", `no records file ${file}`);
    }
    const text = await readFile(path.join(options.recordsDir, file), "utf8").catch(() => {
      throw new CallRefused(404, "unknown-records", `no records file ${file}`);
    });
    return c.body(text, 200, { "content-type": "application/json" });
  });

  app.get("/health", (c) => answer(c, { ok: true, runner: runnerAddress }));

  app.get("/v1/composables", async (c) => {
    const list = [];
    for (const [assetId, { bundle }] of options.composables) {
      list.push({
        assetId,
        contentHash: bundle.contentHash,
        export: bundle.run.export,
        token: options.token,
        terms: await options.chain.terms(assetId, options.token),
        hostingFeeBps: options.hostingFeeBps,
        runner: runnerAddress,
      });
    }
    return answer(c, { composables: list });
  });

  app.post("/v1/composables/:assetId/run", async (c) => {
    const { assetId, composable } = served(c.req.param("assetId"));
    const session = await payerOf(c);
    const text = await bodyText(c);
    let input: unknown;
    try {
      input = parseJson(runBodySchema, text, { source: "the call's body" }).input;
    } catch (error) {
      throw new CallRefused(400, "bad-input", (error as Error).message);
    }
    return answer(c, await inPayerOrder(session.payer, () => run(session.payer, assetId, composable, input as never)));
  });

  app.post("/v1/vouchers", async (c) => {
    let body: { voucher: Voucher; signature: Hex };
    try {
      body = parseJson(voucherBodySchema, await bodyText(c), { source: "the voucher" }) as never;
    } catch (error) {
      if (error instanceof CallRefused) throw error;
      throw new CallRefused(400, "bad-voucher", (error as Error).message);
    }
    await inPayerOrder(body.voucher.payer, () =>
      acceptVoucher(options.book, { escrow: options.escrow, runner: runnerAddress }, body.voucher, body.signature),
    ).catch((error: unknown) => {
      if (error instanceof VoucherRefusedError) {
        throw new CallRefused(error.code === "bad-signature" ? 401 : 409, `voucher-${error.code}`, error.shortMessage);
      }
      throw error;
    });
    return answer(c, { accepted: true, nonce: body.voucher.nonce });
  });

  return app;
}
