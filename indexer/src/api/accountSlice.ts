/**
 * The slice API: an account's slice of an epoch's v3 manifest (its leaves, explanations and the inputs they cite,
 * each chunk with its proof; `@coherence/protocol`'s `verifySlice` checks it against the on-chain manifest hash),
 * cut from the verified manifest by reading only the chunks it needs. The answer is the slice's canonical bytes,
 * the same for every request, so a browser downloads kilobytes instead of the whole manifest.
 */
import { cutSlice, ManifestChangedError } from "@coherence/oracle";
import type { Hex } from "@coherence/protocol";

import {
  accountParameter,
  type Db,
  epochManifest,
  epochParameter,
  latestFinalisedManifest,
  type Tables,
} from "./claims.ts";
import { ApiError } from "./errors.ts";
import type { ManifestStore, VerifiedManifest } from "./manifestStore.ts";

/**
 * The slice of `account` (any case) in the latest finalised epoch, as its bytes' text; an account without leaves
 * gets the slice that proves it has none.
 */
export async function sliceOf(db: Db, tables: Tables, manifests: ManifestStore, rawAccount: string): Promise<string> {
  const account = accountParameter(rawAccount);
  const { epoch, verified } = await latestFinalisedManifest(db, tables, manifests);
  return cut(epoch.id, verified, account);
}

/**
 * The slice of `account` (any case) in epoch `rawEpoch` (a decimal; any indexed proposal, finalised or not), as its
 * bytes' text. `NO_SUCH_EPOCH` when no such proposal was indexed, `NO_LEAVES` when the account has no payout in it.
 */
export async function epochSliceOf(
  db: Db,
  tables: Tables,
  manifests: ManifestStore,
  rawAccount: string,
  rawEpoch: string,
): Promise<string> {
  const account = accountParameter(rawAccount);
  const { epoch, verified } = await epochManifest(db, tables, manifests, epochParameter(rawEpoch));
  if ((verified.leavesByAccount.get(account)?.length ?? 0) === 0) {
    throw new ApiError("NO_LEAVES", `Account ${account} has no payout in epoch ${epoch.id}.`, {
      account,
      epoch: epoch.id.toString(),
    });
  }
  return cut(epoch.id, verified, account);
}

async function cut(epoch: bigint, verified: VerifiedManifest, account: Hex): Promise<string> {
  if (verified.chunks === undefined) {
    throw new ApiError(
      "MANIFEST_NOT_CHUNKED",
      `Epoch ${epoch}'s manifest is ${verified.header.format}, committed by its bytes' hash: it has no slices; read the whole manifest.`,
      { epoch: epoch.toString(), format: verified.header.format },
    );
  }
  try {
    return (await cutSlice(verified.chunks, verified.readRange, account)).text;
  } catch (cause) {
    if (cause instanceof ManifestChangedError) {
      throw new ApiError(
        "MANIFEST_HASH_MISMATCH",
        `The manifest at ${verified.source} changed since it was verified against epoch ${epoch}'s on-chain hash: refusing to slice it.`,
        { source: verified.source, epoch: epoch.toString() },
        { cause },
      );
    }
    throw cause;
  }
}
