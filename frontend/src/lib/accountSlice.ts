/**
 * An account's slice of an epoch's manifest in the browser: fetched from the claims API
 * (`/v1/claims/<account>/slice` for the latest finalised epoch, `/v1/claims/<account>/epochs/<n>/slice` for any
 * other; kilobytes where the whole manifest of a large epoch is a gigabyte) and accepted
 * only if `verifySlice` proves every chunk against the manifestHash committed on-chain and every leaf against the
 * epoch's payout root; its header must be the epoch the claims answer is of. An epoch published before manifest
 * format v3 has no slices (the API says `MANIFEST_NOT_CHUNKED`): the caller reads its whole manifest instead.
 */
import {
  type AssetFlow,
  BaseError,
  type CostCheck,
  type EpochContribution,
  type Hex,
  type Manifest,
  SliceError,
  type SliceErrorCode,
  UnsupportedFormatError,
  type VerifiedSlice,
  verifySlice,
} from "@coherence/protocol";

import { settings } from "../config/settings.ts";
import { errorText } from "./errorText.ts";

/** A slice that cannot be had or is not the committed epoch's. */
export class AccountSliceError extends BaseError {
  override name = "AccountSliceError";
  /**
   * `UNAVAILABLE`: the API cannot be reached or answered without an error code; `REFUSED`: it answered an error,
   * whose code is `apiCode`; otherwise why the slice it sent was refused here.
   */
  readonly code: "UNAVAILABLE" | "REFUSED" | SliceErrorCode | "OTHER_EPOCH";
  /** The claims API's error code (`MANIFEST_HASH_MISMATCH`, `NO_SUCH_EPOCH`…) of a `REFUSED`. */
  readonly apiCode: string | undefined;
  constructor(code: AccountSliceError["code"], message: string, options: { cause?: unknown; apiCode?: string } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.apiCode = options.apiCode;
  }
}

/**
 * What the claims API gave: a proven slice, word that the epoch's manifest has none (v1, v2), or (asked for one
 * epoch) word that the account has no payout in it: the indexer's word, not a proof.
 */
export type AccountSliceResult =
  | { kind: "slice"; slice: VerifiedSlice; url: string }
  | { kind: "not-chunked"; message: string }
  | { kind: "no-leaves"; message: string };

/** Which route serves the slice: the latest finalised epoch's, or the one of the epoch asked for. */
export type SliceRoute = "latest" | "epoch";

/** The epoch a claims answer is of, as the chain committed it. */
export type CommittedEpoch = { number: bigint; manifestHash: Hex; payoutRoot: Hex };

/** Where the claims API serves `account`'s slice of `epoch` by `route`. */
export function accountSliceUrl(account: Hex, epoch: CommittedEpoch, route: SliceRoute): string {
  const base = `${settings.indexerUrl}/v1/claims/${account.toLowerCase()}`;
  return route === "latest" ? `${base}/slice` : `${base}/epochs/${epoch.number}/slice`;
}

/**
 * Fetches and proves `account`'s slice of `epoch` (by default from the latest finalised epoch's route, which the
 * claims answer's epoch is). Throws {@link AccountSliceError}.
 *
 * @example
 * const result = await fetchAccountSlice(account, claims.epoch);
 * if (result.kind === "slice") result.slice.leaves;
 * await fetchAccountSlice(account, historyEpoch, signal, "epoch");
 */
export async function fetchAccountSlice(
  account: Hex,
  epoch: CommittedEpoch,
  signal?: AbortSignal,
  route: SliceRoute = "latest",
): Promise<AccountSliceResult> {
  const url = accountSliceUrl(account, epoch, route);
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await fetch(url, signal ? { signal } : undefined);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    throw new AccountSliceError(
      "UNAVAILABLE",
      `Your slice of epoch ${epoch.number}'s manifest cannot be fetched from ${url} (${(cause as Error).message}).`,
      { cause },
    );
  }
  if (!response.ok) {
    const error = errorOf(bytes);
    if (response.status === 404 && error?.code === "MANIFEST_NOT_CHUNKED")
      return { kind: "not-chunked", message: error.message };
    if (response.status === 404 && error?.code === "NO_LEAVES") return { kind: "no-leaves", message: error.message };
    if (error === undefined)
      throw new AccountSliceError(
        "UNAVAILABLE",
        `The claims API answered HTTP ${response.status} for your slice of epoch ${epoch.number}'s manifest.`,
      );
    throw new AccountSliceError(
      "REFUSED",
      `The claims API answered HTTP ${response.status} ${error.code} for your slice of epoch ${epoch.number}'s manifest: ${error.message}`,
      { apiCode: error.code },
    );
  }
  let slice: VerifiedSlice;
  try {
    slice = await verifySlice(bytes, { manifestHash: epoch.manifestHash, account });
  } catch (cause) {
    if (cause instanceof SliceError) {
      throw new AccountSliceError(
        cause.code,
        `The slice the claims API sent for epoch ${epoch.number} does not verify: ${cause.shortMessage}`,
        { cause },
      );
    }
    if (cause instanceof UnsupportedFormatError) {
      throw new AccountSliceError(
        "MALFORMED",
        `The claims API sent a slice of format "${cause.found}", which this app does not read.`,
        { cause },
      );
    }
    throw cause;
  }
  const header = slice.header.epoch;
  if (header.number !== epoch.number || header.payoutRoot.toLowerCase() !== epoch.payoutRoot.toLowerCase()) {
    throw new AccountSliceError(
      "OTHER_EPOCH",
      `The slice proves epoch ${header.number} with payout root ${header.payoutRoot}, not epoch ${epoch.number} with the root on-chain (${epoch.payoutRoot}).`,
    );
  }
  return { kind: "slice", slice, url };
}

function errorOf(bytes: Uint8Array): { code: string; message: string } | undefined {
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes)) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    return typeof code === "string" && typeof message === "string" ? { code, message } : undefined;
  } catch {
    return undefined;
  }
}

/** What a slice proves of the cited inputs, in the shapes the explanation reads from a whole manifest. */
export function sliceInputs(slice: VerifiedSlice): {
  costs: Pick<Manifest, "format" | "epoch"> & {
    inputs: { contributions: readonly EpochContribution[]; costs: readonly CostCheck[] };
  };
  flows: readonly AssetFlow[];
} {
  const all = <T>(map: ReadonlyMap<string, readonly T[]>) => [...map.values()].flat();
  return {
    costs: {
      format: slice.header.format,
      epoch: slice.header.epoch,
      inputs: { contributions: all(slice.cited["inputs.contributions"]), costs: all(slice.cited["inputs.costs"]) },
    },
    flows: all(slice.cited.lineageFlows),
  };
}

/**
 * What a page shows of a failed slice: its code first (the API's for a refusal), so a refused slice is told apart
 * from an unreachable indexer at a glance, then the one-line message.
 */
export function sliceErrorText(error: unknown): string {
  if (!(error instanceof AccountSliceError)) return errorText(error);
  return `${error.apiCode ?? error.code}: ${error.shortMessage}`;
}
