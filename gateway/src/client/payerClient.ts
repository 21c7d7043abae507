/**
 * A payer's client for the gateway: it opens a session once, calls composables, checks each answer's record of
 * run (signed by the gateway's runner, for this payer, of this input and output, at a price the asset's terms
 * allow) and that what its channel now owes grew by exactly that record's price, and only then counter-signs a
 * voucher for it, so the gateway serves the next paid call. The terms are the chain's: `MeteringEscrow.termsOf`,
 * read with the payer's own public client and kept `termsMaxAgeMs`; before calling an asset the client checks that
 * the gateway's listing states the same terms (the hosting fee is the listing's, which the escrow caps). A record,
 * listing or total that does not check is an error and gets no voucher: the payer never signs for a run it cannot
 * verify. (The first answer's earlier total is taken as the gateway says; the escrow never pays past what was
 * signed, and a payer's vouchers are all on the book.)
 */
import {
  canonicalHash,
  type Hex,
  type JsonValue,
  jsonText,
  type MeteringEscrowRef,
  type RecordOfRun,
  type Session,
  signMetering,
  type Voucher,
  verifyMetering,
} from "@coherence/protocol";
import type { Address, LocalAccount, PublicClient } from "viem";

import { escrowReader } from "../chain/escrowReader.ts";
import { maxAgeCache } from "../chain/maxAgeCache.ts";
import { RefusedError } from "../refusedError.ts";
import { SESSION_SCHEME, sessionToken } from "../session/sessionToken.ts";
import {
  type ListedComposable,
  listingDisagreement,
  recordPriceDisagreement,
  TermsDisagreeError,
} from "./termsCheck.ts";

/** The gateway answered an error, or something the client cannot accept. */
export class GatewayCallError extends RefusedError<string> {
  override name = "GatewayCallError";
}

type RunAnswer = {
  output: JsonValue;
  record: Record<string, string>;
  signature: Hex;
  owed: { units: string; amount: string; hostingFee: string };
  period: string;
};

const RECORD_NUMBERS = new Set(["assetId", "units", "price", "nonce", "time"]);

export type PayerClientOptions = {
  readonly url: string;
  readonly account: LocalAccount;
  readonly escrow: MeteringEscrowRef;
  /** The gateway's runner, whose signature every record must carry. */
  readonly runner: Address;
  /** The token the gateway is paid in. */
  readonly token: Address;
  /** Unix seconds. */
  readonly now: () => bigint;
  readonly sessionSeconds?: bigint;
  /** How long the chain's terms and the gateway's listing are kept before they are read again; 5 s unless set. */
  readonly termsMaxAgeMs?: number;
  /** The escrow's chain: the asset's terms are read from `MeteringEscrow.termsOf`. */
  readonly publicClient: PublicClient;
};

export type PayerClient = {
  /** Calls the composable of `assetId` with `input`; the verified record and the voucher signed for it, if any. */
  call(assetId: bigint, input: JsonValue): Promise<{ output: JsonValue; record: RecordOfRun; voucher?: Voucher }>;
};

export function payerClient(options: PayerClientOptions): PayerClient {
  const { account, escrow, runner } = options;
  let header: Promise<string> | undefined;
  const authorization = () =>
    (header ??= (async () => {
      const session: Session = {
        payer: account.address,
        runner,
        expiry: options.now() + (options.sessionSeconds ?? 3_600n),
        nonce: options.now(),
      };
      const signature = await signMetering(account, escrow, { kind: "session", value: session });
      return `${SESSION_SCHEME} ${sessionToken({ session, signature })}`;
    })());

  const post = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${options.url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: jsonText(body),
    });
    const answer = (await response.json()) as { error?: { code: string; message: string } };
    if (!response.ok) {
      throw new GatewayCallError(answer.error?.code ?? `http-${response.status}`, answer.error?.message ?? "");
    }
    return answer as unknown;
  };

  const maxAgeMs = options.termsMaxAgeMs ?? 5_000;
  const cached = maxAgeCache(maxAgeMs);
  const chain = escrowReader(options.publicClient, escrow.address, maxAgeMs);
  const listing = () =>
    cached("listing", async () => {
      const response = await fetch(`${options.url}/v1/composables`);
      if (!response.ok)
        throw new GatewayCallError(`http-${response.status}`, "the gateway did not list its composables");
      return ((await response.json()) as { composables: ListedComposable[] }).composables;
    });

  /** The asset's terms on-chain and the listing's hosting fee, once the listing is checked against the chain. */
  const termsOf = async (assetId: bigint) => {
    const [onChain, listed] = await Promise.all([chain.terms(assetId, options.token), listing()]);
    const entry = listed.find((composable) => composable.assetId === String(assetId));
    const problem =
      entry === undefined
        ? "lists no composable of this asset"
        : listingDisagreement(entry, onChain, { runner, token: options.token });
    if (problem !== undefined) {
      throw new TermsDisagreeError("listing", `the gateway's listing of asset ${assetId} ${problem}`);
    }
    return { ...onChain, hostingFeeBps: BigInt(entry!.hostingFeeBps) };
  };

  const lastOwed = new Map<bigint, RunAnswer["owed"]>();

  return {
    async call(assetId, input) {
      await termsOf(assetId);
      const answer = (await post(
        `/v1/composables/${assetId}/run`,
        { input },
        { authorization: await authorization() },
      )) as RunAnswer;
      const record = Object.fromEntries(
        Object.entries(answer.record).map(([k, v]) => [k, RECORD_NUMBERS.has(k) ? BigInt(v) : v]),
      ) as RecordOfRun;
      const problem =
        record.payer.toLowerCase() !== account.address.toLowerCase()
          ? "names another payer"
          : record.assetId !== assetId
            ? "names another asset"
            : record.inputHash !== canonicalHash(input)
              ? "is of another input"
              : record.outputHash !== canonicalHash(answer.output)
                ? "is of another output"
                : !(await verifyMetering(
                      escrow,
                      { kind: "recordOfRun", value: { ...record, runner } },
                      answer.signature,
                    ))
                  ? `is not signed by the runner ${runner}`
                  : undefined;
      if (problem !== undefined) throw new GatewayCallError("bad-record", `the gateway's record of run ${problem}`);
      const terms = await termsOf(assetId);
      const disagreement = recordPriceDisagreement(record, terms);
      if (disagreement !== undefined) {
        throw new TermsDisagreeError(
          "record-price",
          `the record of run ${disagreement}, as asset ${assetId}'s terms do not allow`,
        );
      }
      const before = lastOwed.get(assetId);
      if (before !== undefined) {
        const { pricePerUnit, hostingFeeBps } = terms;
        const expected = {
          units: BigInt(before.units) + (pricePerUnit === 0n ? 0n : record.price / pricePerUnit),
          amount: BigInt(before.amount) + record.price,
          hostingFee: BigInt(before.hostingFee) + (record.price * hostingFeeBps) / 10_000n,
        };
        if (
          BigInt(answer.owed.units) !== expected.units ||
          BigInt(answer.owed.amount) !== expected.amount ||
          BigInt(answer.owed.hostingFee) !== expected.hostingFee
        ) {
          throw new GatewayCallError(
            "bad-owed",
            `the gateway says the channel owes ${answer.owed.amount} + ${answer.owed.hostingFee}; this run makes it ${expected.amount} + ${expected.hostingFee}`,
          );
        }
      }
      lastOwed.set(assetId, answer.owed);
      if (BigInt(answer.owed.amount) + BigInt(answer.owed.hostingFee) === 0n) return { output: answer.output, record };
      const voucher: Voucher = {
        payer: account.address,
        runner,
        assetId,
        token: options.token,
        units: BigInt(answer.owed.units),
        amount: BigInt(answer.owed.amount),
        hostingFee: BigInt(answer.owed.hostingFee),
        period: BigInt(answer.period),
        nonce: record.nonce,
      };
      const signature = await signMetering(account, escrow, { kind: "voucher", value: voucher });
      await post("/v1/vouchers", { voucher, signature });
      return { output: answer.output, record, voucher };
    },
  };
}
