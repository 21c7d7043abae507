import { describe, expect, test } from "vitest";

import { parseLeafInput } from "./parseLeafInput.ts";

const ACCOUNT = "0xbcd4042de499d14e55001ccbb24a551f3b954096";
const TOKEN = "0x0165878a594ca255338adfa4d48449f69242eb8f";
const NODE = `0x${"ab".repeat(32)}`;

describe("parseLeafInput", () => {
  test("accepts a leaf with a decimal string amount and checksums the addresses", () => {
    const r = parseLeafInput(
      JSON.stringify({ account: ACCOUNT, token: TOKEN, cumulativeAmount: "115562736", proof: [NODE] }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.leaf.account).toBe("0xBcd4042DE499D14e55001CcbB24a551F3b954096");
      expect(r.leaf.cumulativeAmount).toBe(115562736n);
      expect(r.leaf.proof).toEqual([NODE]);
    }
  });

  test("accepts a claims API leaf with the account given apart", () => {
    const r = parseLeafInput(JSON.stringify({ token: TOKEN, cumulativeAmount: "1", proof: [] }), ACCOUNT);
    expect(r.ok).toBe(true);
  });

  test("names the field that is wrong", () => {
    const field = (text: string) => {
      const r = parseLeafInput(text);
      return r.ok ? "ok" : r.field;
    };
    expect(field("{")).toBe("json");
    expect(field("[]")).toBe("json");
    expect(field(JSON.stringify({ account: "0x12", token: TOKEN, cumulativeAmount: "1", proof: [] }))).toBe("account");
    expect(field(JSON.stringify({ account: ACCOUNT, token: TOKEN, cumulativeAmount: "1.5", proof: [] }))).toBe(
      "cumulativeAmount",
    );
    expect(field(JSON.stringify({ account: ACCOUNT, token: TOKEN, cumulativeAmount: 1.5, proof: [] }))).toBe(
      "cumulativeAmount",
    );
    expect(
      field(JSON.stringify({ account: ACCOUNT, token: TOKEN, cumulativeAmount: (2n ** 256n).toString(), proof: [] })),
    ).toBe("cumulativeAmount");
    expect(field(JSON.stringify({ account: ACCOUNT, token: TOKEN, cumulativeAmount: "1", proof: ["0x12"] }))).toBe(
      "proof",
    );
    expect(field(JSON.stringify({ account: ACCOUNT, token: "nope", cumulativeAmount: "1", proof: [] }))).toBe("token");
  });
});
