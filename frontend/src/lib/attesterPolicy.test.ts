import { describe, expect, test } from "vitest";

import { ATTESTER, OWNER } from "../test/indexerRows.ts";
import { attesterPolicyWords } from "./attesterPolicy.ts";

describe("who may attest to an asset", () => {
  test("open, restricted to one or several chosen attesters, or to none", () => {
    expect(attesterPolicyWords({ restricted: false, chosen: [ATTESTER], chosenCount: 1 })).toBe(
      "Open: any attester of the ledger may attest contributions to it.",
    );
    expect(attesterPolicyWords({ restricted: true, chosen: [ATTESTER], chosenCount: 1 })).toBe(
      "Restricted by its owner to the attester it chose:",
    );
    expect(attesterPolicyWords({ restricted: true, chosen: [ATTESTER, OWNER], chosenCount: 2 })).toBe(
      "Restricted by its owner to the 2 attesters it chose:",
    );
    expect(attesterPolicyWords({ restricted: true, chosen: [], chosenCount: 0 })).toBe(
      "Restricted by its owner, who chose no attester: nobody can attest to it.",
    );
  });
});
