import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import { textOf } from "../test/markup.ts";
import { IntakeRefusalCard } from "./IntakeRefusalCard.tsx";

const base = { seq: 3, deliveryId: "d1", stage: "gate", at: 1_764_000_000, forge: "github" as const };

describe("a refusal on My contributions", () => {
  test("of the reader's whole pull request: which one, in which repository, and why", () => {
    const html = renderToStaticMarkup(
      <IntakeRefusalCard
        refusal={{
          ...base,
          code: "self-approved",
          subject: "github.com/octo-org/lib#4",
          reason: "approved only by its own author or co-authors",
          logins: ["ada"],
        }}
      />,
    );
    expect(textOf(html)).toBe(
      "Your pull request #4 in github.com/octo-org/lib was refused: gate: self-approved approved only by its own author or co-authors (2025-11-24 16:00 UTC)",
    );
    expect(html).toContain('data-whole-change="true"');
  });

  test("of one person's part: the login it names, its stage, code and reason", () => {
    const html = renderToStaticMarkup(
      <IntakeRefusalCard
        refusal={{ ...base, code: "rate-limited", subject: "ada", reason: "ada already has 1 contributions" }}
      />,
    );
    expect(textOf(html)).toBe("ada gate: rate-limited ada already has 1 contributions (2025-11-24 16:00 UTC)");
    expect(html).toContain('data-whole-change="false"');
  });
});
