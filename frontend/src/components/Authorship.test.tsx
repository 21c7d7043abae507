import { renderToStaticMarkup } from "react-dom/server";
import type { Hex } from "viem";
import { describe, expect, test } from "vitest";
import { type Authorship, UNVERIFIED } from "../lib/authorship.ts";
import { HASH, OWNER, VERIFIER } from "../test/indexerRows.ts";
import { AuthorshipBadge, AuthorshipDetail } from "./Authorship.tsx";

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("authorship on the asset pages", () => {
  test("unverified: first-come until a verifier confirms the author", () => {
    expect(text(renderToStaticMarkup(<AuthorshipDetail authorship={{ verified: false }} />))).toBe(`${UNVERIFIED}.`);
    expect(renderToStaticMarkup(<AuthorshipBadge verified={false} />)).toContain(">unverified<");
  });

  test("verified by the verifier, and taken back from who registered the content first", () => {
    const verified: Omit<Extract<Authorship, { verified: true }>, "reclaimedFrom"> = {
      verified: true,
      verifier: VERIFIER,
      verifiedAt: 1_700n,
      verifiedTx: HASH as Hex,
    };
    const plain = renderToStaticMarkup(<AuthorshipDetail authorship={{ ...verified, reclaimedFrom: null }} />);
    expect(text(plain)).toContain(`Verified author: confirmed by the verifier 0xdd2f…44c0${VERIFIER}`);
    expect(plain).not.toContain("reclaimed-from");
    const reclaimed = renderToStaticMarkup(<AuthorshipDetail authorship={{ ...verified, reclaimedFrom: OWNER }} />);
    expect(text(reclaimed)).toContain(`The author took it back from 0x7099…79c8${OWNER}, who had registered`);
    expect(renderToStaticMarkup(<AuthorshipBadge verified />)).toContain(">verified author<");
  });
});
