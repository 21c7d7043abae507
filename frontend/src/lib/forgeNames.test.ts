import { describe, expect, test } from "vitest";

import { ATTESTER, OWNER, VERIFIER } from "../test/indexerRows.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import { fetchForgeNames } from "./forgeNames.ts";
import { FORGE_NAMES_QUERY } from "./queries.ts";

describe("fetchForgeNames", () => {
  test("asks for the active links of every address at once, lower-case, and names each login@forge", async () => {
    const checksummed = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const { asked, send } = standInIndexer([
      {
        forgeLinks: {
          items: [
            { account: OWNER, forge: "github.com", login: "ada" },
            { account: ATTESTER, forge: "gitlab.com", login: "grace" },
            { account: ATTESTER, forge: "github.com", login: "grace-h" },
          ],
        },
      },
    ]);
    const names = await fetchForgeNames([checksummed, ATTESTER, VERIFIER], send);
    expect(asked).toEqual([{ query: FORGE_NAMES_QUERY, variables: { accounts: [OWNER, ATTESTER, VERIFIER] } }]);
    expect(FORGE_NAMES_QUERY).toContain("active: true");
    expect([...names]).toEqual([
      [OWNER, "ada@github.com"],
      // One account on each forge: both, in a stable order.
      [ATTESTER, "grace-h@github.com, grace@gitlab.com"],
    ]);
    expect(names.has(VERIFIER)).toBe(false);
  });
});
