import { describe, expect, test } from "vitest";

import type { IntakeRefusal } from "./intake.ts";
import { refusalHost, refusalsOfAccount, refusalTitle, refusedChangeOf } from "./intakeRefusals.ts";

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

describe("refusalsOfAccount", () => {
  const refusal = (seq: number, r: Partial<IntakeRefusal>): IntakeRefusal => ({
    seq,
    stage: "link",
    code: "c",
    reason: "r",
    at: 1,
    ...r,
  });

  test("keeps what names the login on the account's host, whole change requests and one person's part alike", () => {
    const all = [
      refusal(1, { subject: "gitlab.example.org/g/p#4", logins: ["ada"], forge: "gitlab", host: "gitlab.example.org" }),
      refusal(2, { subject: "ada", forge: "gitlab", host: "gitlab.example.org" }),
      refusal(3, { subject: "ADA", forge: "gitlab", host: "GitLab.Example.org" }),
      refusal(4, { subject: "ada", forge: "gitlab", host: "gitlab.com" }),
      refusal(5, { subject: "gitlab.com/g/p#4", logins: ["ada"], forge: "gitlab", host: "gitlab.com" }),
      refusal(6, { subject: "grace", forge: "gitlab", host: "gitlab.example.org" }),
      refusal(7, { subject: "ada", forge: "github", host: "ghe.example.com" }),
      refusal(8, { subject: "gitlab.example.org/g/p#9", forge: "gitlab", host: "gitlab.example.org" }),
    ];
    const seqs = (host: string, login = "ada") => refusalsOfAccount(all, { host, login }).map((r) => r.seq);
    expect(seqs("gitlab.example.org")).toEqual([1, 2, 3]);
    expect(seqs("gitlab.com")).toEqual([4, 5]);
    expect(seqs("ghe.example.com")).toEqual([7]);
    expect(seqs("github.com")).toEqual([]);
    expect(seqs("gitlab.example.org", "Grace")).toEqual([6]);
  });

  test("a refusal recorded before hosts were is of its change request's host, else its forge's hosted one", () => {
    const all = [
      refusal(1, { subject: "gitlab.example.org/g/p#4", logins: ["ada"], forge: "gitlab" }),
      refusal(2, { subject: "ada", forge: "gitlab" }),
      refusal(3, { subject: "ada", forge: "github" }),
      refusal(4, { subject: "GitLab.Example.org/g/q#6", logins: ["ada"], forge: "gitlab" }),
      refusal(5, { subject: "gitlab.example.org.evil/g/p#5", logins: ["ada"], forge: "gitlab" }),
      // Of no delivery the intake knows: no forge to say whose.
      refusal(6, { subject: "ada" }),
    ];
    const seqs = (host: string) => refusalsOfAccount(all, { host, login: "ada" }).map((r) => r.seq);
    expect(seqs("gitlab.example.org")).toEqual([1, 4]);
    expect(seqs("gitlab.com")).toEqual([2]);
    expect(seqs("github.com")).toEqual([3]);
    expect(refusalHost(all[5]!)).toBe(undefined);
  });
});
