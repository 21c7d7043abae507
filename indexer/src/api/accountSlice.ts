/**
 * The slice API: an account's slice of the latest finalised epoch's v3 manifest (its leaves, explanations and the
 * inputs they cite, each chunk with its proof; `@coherence/protocol`'s `verifySlice` checks it against the on-chain
 * manifest hash), cut from the verified manifest by reading only the chunks it needs. The answer is the slice's
 * canonical bytes, the same for every request, so a browser downloads kilobytes instead of the whole manifest.
 */
import { cutSlice, ManifestChangedError } from "@coherence/oracle";
import type { Hex } from "@coherence/protocol";

import { accountParameter, type Db, latestFinalisedManifest, type Tables } from "./claims.ts";
import { ApiError } from "./errors.ts";
import type { ManifestStore } from "./manifestStore.ts";

/** The slice of `account` (any case) in the latest finalised epoch, as its bytes' text. */
export async function sliceOf(db: Db, tables: Tables, manifests: ManifestStore, rawAccount: string): Promise<string> {
  const account = accountParameter(rawAccount);
  const { epoch, verified } = await latestFinalisedManifest(db, tables, manifests);
  if (verified.chunks === undefined) {
    throw new ApiError(
      "MANIFEST_NOT_CHUNKED",
      `Epoch ${epoch.id}'s manifest is ${verified.header.format}, committed by its bytes' hash: it has no slices; read the whole manifest.`,
      { epoch: epoch.id.toString(), format: verified.header.format },
    );
  }
  try {
    return (await cutSlice(verified.chunks, verified.readRange, account as Hex)).text;
  } catch (cause) {
    if (cause instanceof ManifestChangedError) {
      throw new ApiError(
        "MANIFEST_HASH_MISMATCH",
        `The manifest at ${verified.source} changed since it was verified against epoch ${epoch.id}'s on-chain hash: refusing to slice it.`,
        { source: verified.source, epoch: epoch.id.toString() },
        { cause },
      );
    }
    throw cause;
  }
}
