import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import { ContributionStatusBadge } from "./ContributionStatusBadge.tsx";

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("a contribution's status", () => {
  test("revoked by its attester and struck by governance read differently, each with its reason", () => {
    const revoked = renderToStaticMarkup(
      <ContributionStatusBadge
        contribution={{ status: "revoked", attestationCount: 1, revokeReason: "wrong costs" }}
      />,
    );
    expect(revoked).toContain('class="badge badge-wait"');
    expect(text(revoked)).toBe("revoked revoked by its attester; may be superseded: “wrong costs”");
    const struck = renderToStaticMarkup(
      <ContributionStatusBadge contribution={{ status: "struck", attestationCount: 1, revokeReason: "plagiarised" }} />,
    );
    expect(struck).toContain('class="badge badge-bad"');
    expect(text(struck)).toBe("struck struck by governance: “plagiarised”");
    const attested = renderToStaticMarkup(
      <ContributionStatusBadge contribution={{ status: "attested", attestationCount: 1, revokeReason: null }} />,
    );
    expect(text(attested)).toBe("attested");
  });
});
