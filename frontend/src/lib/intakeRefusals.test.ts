import { describe, expect, test } from "vitest";

import type { IntakeRefusal } from "./intake.ts";
import { refusalsUnderHost, refusalTitle, refusedChangeOf } from "./intakeRefusals.ts";

describe("refusalTitle", () => {
  test("a whole change request's refusal, attributed to its contributors, names the change request", () => {
    expect(refusalTitle({ subject: "github.com/octo-org/lib#4", logins: ["ada"], forge: "github" })).toBe(
      "Your pull request #4 in github.com/octo-org/lib was refused",
    );
    expect(refusalTitle({ subject: "gitlab.example.org/g/p#7", logins: ["ada", "linus"], forge: "gitlab" })).toBe(
      "Your merge request #7 in gitlab.example.org/g/p was refused",
    );
    expect(refusalTitle({ subject: "gitlab.com/g/p!3", logins: ["ada"] })).toBe(
      "Your merge request #3 in gitlab.com/g/p was refused",
    );
  });

  test("a refusal of one person's part, or of a delivery, names what it refused", () => {
    expect(refusalTitle({ subject: "ada", forge: "github" })).toBe("ada");
    expect(refusalTitle({ subject: undefined })).toBe("A delivery");
    // Recorded before refusals named their contributors: not claimed as the reader's.
    expect(refusalTitle({ subject: "github.com/octo-org/lib#4" })).toBe("github.com/octo-org/lib#4");
  });
});

describe("refusedChangeOf", () => {
  test("reads the repository and number of a change request's subject, nothing else", () => {
    expect(refusedChangeOf({ subject: "github.com/o/r#12" })).toEqual({
      repository: "github.com/o/r",
      mergeRequest: false,
      number: 12,
    });
    expect(refusedChangeOf({ subject: "ada" })).toBe(undefined);
    expect(refusedChangeOf({ subject: `0x${"ab".repeat(32)}` })).toBe(undefined);
  });
});

describe("refusalsUnderHost", () => {
  test("keeps a self-managed forge's whole change requests under its host, nothing a same-named account elsewhere has", () => {
    const refusal = (seq: number, subject: string, logins?: string[]): IntakeRefusal => ({
      seq,
      stage: "gate",
      code: "c",
      subject,
      reason: "r",
      at: 1,
      forge: "gitlab",
      logins,
    });
    const all = [
      refusal(1, "gitlab.example.org/g/p#4", ["ada"]),
      refusal(2, "gitlab.com/g/p#4", ["ada"]),
      refusal(3, "ada"),
      refusal(4, "gitlab.example.org.evil/g/p#5", ["ada"]),
      refusal(5, "GitLab.Example.org/g/q#6", ["ada"]),
    ];
    expect(refusalsUnderHost(all, "gitlab.example.org").map((r) => r.seq)).toEqual([1, 5]);
  });
});
