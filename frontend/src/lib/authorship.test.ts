import { describe, expect, test } from "vitest";

import { HASH, OWNER, rawAsset, VERIFIER } from "../test/indexerRows.ts";
import { parseAuthorship } from "./authorship.ts";

describe("an asset's authorship", () => {
  test("unverified: the verification columns are ignored", () => {
    expect(parseAuthorship(rawAsset())).toEqual({ verified: false });
  });

  test("verified by a verifier, when, in which transaction", () => {
    const verified = { verified: true, verifiedBy: VERIFIER, verifiedAt: "1700", verifiedTx: HASH };
    expect(parseAuthorship(rawAsset(verified))).toEqual({
      verified: true,
      verifier: VERIFIER,
      verifiedAt: 1700n,
      verifiedTx: HASH,
      reclaimedFrom: null,
    });
    expect(parseAuthorship(rawAsset({ ...verified, reclaimedFrom: OWNER }))).toMatchObject({ reclaimedFrom: OWNER });
  });
});
