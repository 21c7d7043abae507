/**
 * A typed client of the indexer's HTTP API, for the web app and for integrators: the v1 REST routes decoded by the
 * protocol's own schemas (amounts as bigint), GraphQL with its errors turned into exceptions, and one error class
 * for every way a request can fail, the API's code kept. Browser-safe: it needs only `fetch`.
 *
 * @example
 * const indexer = indexerClient("https://indexer.example");
 * const { leaves } = await indexer.claims("0xBcd4042DE499D14e55001CcbB24a551F3b954096");
 * const { epochs } = await indexer.history("0xBcd4042DE499D14e55001CcbB24a551F3b954096");
 * const page = await indexer.claimHistory("0xBcd4042DE499D14e55001CcbB24a551F3b954096", { limit: 10 });
 * const older = page.nextCursor === null ? undefined : await indexer.claimHistory(account, { cursor: page.nextCursor });
 * const slice = await verifySlice(await indexer.slice(account, 7n), { manifestHash: onChainHashOfEpoch7, account });
 * const data = await indexer.graphql<{ epochs: { items: { id: string }[] } }>("{ epochs { items { id } } }");
 */
import { type AccountHistoryResponse, accountHistoryResponseSchema } from "./accountHistory.ts";
import { type ClaimHistoryPage, claimHistoryPageSchema } from "./claimHistory.ts";
import { type ClaimsResponse, claimsResponseSchema } from "./claims.ts";
import { BaseError } from "./errors.ts";
import { parse } from "./schema.ts";

/** An error answered by the indexer, or the indexer being unreachable (`code` NETWORK). */
export class IndexerError extends BaseError {
  override name = "IndexerError";
  /** The API's error code (`NO_LEAVES`, `NO_FINALISED_EPOCH`...) or NETWORK, BAD_RESPONSE, GRAPHQL, HTTP_<status>. */
  readonly code: string;
  readonly status: number | undefined;
  /** What the API's answer says besides code and message (`epoch` of a `NO_LEAVES`, say). */
  readonly fields: Readonly<Record<string, string>>;

  constructor(
    code: string,
    message: string,
    options: { status?: number | undefined; cause?: unknown; fields?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.fields = options.fields ?? {};
  }
}

export type IndexerClient = {
  /** The indexer's base URL, without a trailing slash. */
  readonly url: string;
  /** GET a REST route; a non-2xx answer becomes an {@link IndexerError} with the API's code and fields. */
  getJson<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** POST a GraphQL query; its first error becomes an {@link IndexerError} with code GRAPHQL. */
  graphql<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T>;
  /** `GET /v1/claims/:account`: the account's leaves of the latest finalised epoch, with proofs. */
  claims(account: string, signal?: AbortSignal): Promise<ClaimsResponse>;
  /** `GET /v1/accounts/:account/history`: its payouts in every settled epoch, and its claims. */
  history(account: string, signal?: AbortSignal): Promise<AccountHistoryResponse>;
  /**
   * `GET /v1/claims/:account/history`: a page of the epochs it has payouts in, newest first, each payout with how
   * much is claimed and by which transaction; pass the page's `nextCursor` as `cursor` for the next (older) one.
   */
  claimHistory(
    account: string,
    page?: { limit?: number; cursor?: string },
    signal?: AbortSignal,
  ): Promise<ClaimHistoryPage>;
  /**
   * `GET /v1/claims/:account/epochs/:epoch/slice` (or `/v1/claims/:account/slice`, the latest finalised epoch, when
   * `epoch` is not given): the slice's bytes, to be checked with `verifySlice` against the epoch's on-chain hash.
   */
  slice(account: string, epoch?: bigint, signal?: AbortSignal): Promise<Uint8Array>;
};

export function indexerClient(url: string, options: { fetch?: typeof fetch } = {}): IndexerClient {
  const base = url.replace(/\/+$/, "");
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));

  const send = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetchFn(`${base}${path}`, init);
    } catch (cause) {
      throw new IndexerError("NETWORK", `The indexer at ${base} cannot be reached (${(cause as Error).message}).`, {
        cause,
      });
    }
  };
  const jsonOf = async (response: Response): Promise<unknown> => {
    try {
      return await response.json();
    } catch (cause) {
      throw new IndexerError("BAD_RESPONSE", `The indexer answered HTTP ${response.status} without JSON.`, {
        status: response.status,
        cause,
      });
    }
  };
  const request = async (path: string, init: RequestInit): Promise<{ status: number; body: unknown }> => {
    const response = await send(path, init);
    return { status: response.status, body: await jsonOf(response) };
  };
  const refusal = (status: number, body: unknown): IndexerError => {
    const { code, message, ...fields } = (body as { error?: Record<string, string> } | null)?.error ?? {};
    return new IndexerError(code ?? `HTTP_${status}`, message ?? `The indexer answered HTTP ${status}.`, {
      status,
      fields,
    });
  };

  const getJson = async <T>(path: string, signal?: AbortSignal): Promise<T> => {
    const { status, body } = await request(path, { signal: signal ?? null });
    if (status < 200 || status >= 300) throw refusal(status, body);
    return body as T;
  };

  return {
    url: base,
    getJson,
    async graphql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
      const { status, body } = await request("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
        signal: signal ?? null,
      });
      const result = body as { data?: T; errors?: { message: string }[] };
      if (result.errors !== undefined && result.errors.length > 0) {
        throw new IndexerError("GRAPHQL", `The indexer rejected a query: ${result.errors[0]!.message}`, { status });
      }
      if (result.data === undefined)
        throw new IndexerError("GRAPHQL", `The indexer answered HTTP ${status} without data.`, { status });
      return result.data;
    },
    claims: async (account, signal) =>
      parse(claimsResponseSchema, await getJson(`/v1/claims/${account}`, signal), { source: "claims API" }),
    history: async (account, signal) =>
      parse(accountHistoryResponseSchema, await getJson(`/v1/accounts/${account}/history`, signal), {
        source: "account history API",
      }),
    claimHistory: async (account, page = {}, signal) => {
      const query = new URLSearchParams();
      if (page.limit !== undefined) query.set("limit", page.limit.toString());
      if (page.cursor !== undefined) query.set("cursor", page.cursor);
      const search = query.size === 0 ? "" : `?${query}`;
      return parse(claimHistoryPageSchema, await getJson(`/v1/claims/${account}/history${search}`, signal), {
        source: "claim history API",
      });
    },
    async slice(account, epoch, signal) {
      const path = epoch === undefined ? `/v1/claims/${account}/slice` : `/v1/claims/${account}/epochs/${epoch}/slice`;
      const response = await send(path, { signal: signal ?? null });
      if (!response.ok) throw refusal(response.status, await jsonOf(response));
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
