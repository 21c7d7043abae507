import { heldContributionsHash } from "@coherence/protocol";
import { describe, expect, test } from "vitest";

import {
  heldChanges,
  type IntakeContribution,
  IntakeError,
  type IntakeRefusal,
  intakeClient,
  intakeForgeOf,
  ownedRepositories,
  sortMyIntake,
} from "./intake.ts";

const ADA = "0x00000000000000000000000000000000000000aa";

const row = (n: number, state: string, extra: Record<string, unknown> = {}) => ({
  id: `0x${n.toString(16).padStart(64, "0")}`,
  deliveryId: `d${n}`,
  repository: "github.com/octo-org/lib",
  pullRequest: 10 + (n % 2),
  login: "ada",
  assetId: "18446744073709551617",
  contributor: ADA,
  laborMicroUsd: "900000000",
  toolsMicroUsd: "1",
  computeMicroUsd: "0",
  evidenceUri: "https://github.com/octo-org/lib.git#a..b",
  evidenceHash: `0x${"ab".repeat(32)}`,
  mergedAt: 100 + n,
  state,
  ...extra,
});

/** An intake answering `body` with `status` to every request, recording what it was asked. */
function answering(status: number, body: unknown) {
  const asked: { url: string; init: RequestInit | undefined }[] = [];
  const fetcher = (async (url: string, init?: RequestInit) => {
    asked.push({ url, init });
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
  return { client: intakeClient("http://intake.test", fetcher), asked };
}

describe("the intake client", () => {
  test("asks with the filters given and reads amounts as bigint", async () => {
    const { client, asked } = answering(200, { contributions: [row(1, "held", { heldReason: "too dear" })] });
    const [c] = await client.contributions({ contributor: ADA, state: "held" });
    expect(asked[0]?.url).toBe(`http://intake.test/contributions?contributor=${ADA}&state=held`);
    expect(c?.assetId).toBe(18_446_744_073_709_551_617n);
    expect(c?.laborMicroUsd).toBe(900_000_000n);
    expect(c?.heldReason).toBe("too dear");
  });

  test("a repository's gates in effect, as the intake serves them, with the cost per line as bigint", async () => {
    const gates = {
      requireApproval: true,
      excludedLabels: ["coherence:skip"],
      skipBots: true,
      rateLimit: { count: 10, windowSeconds: 86_400 },
      maxMicroUsdPerChangedLine: "18446744073709551615",
    };
    const counts = { pending: 0, held: 1, attested: 2, refused: 0 };
    const served = { forge: "github", repository: "github.com/octo-org/lib", assetId: "1", owner: ADA, counts };
    const { client } = answering(200, {
      repositories: [
        { ...served, gates, gatesVerifiedAt: 500 },
        { ...served, repository: "github.com/octo-org/old" },
      ],
    });
    const [lib, old] = await client.repositories();
    expect(lib?.gates?.maxMicroUsdPerChangedLine).toBe(18_446_744_073_709_551_615n);
    expect(lib?.gates?.rateLimit).toEqual({ count: 10, windowSeconds: 86_400 });
    expect(lib?.gatesVerifiedAt).toBe(500);
    expect(old?.gates).toBe(undefined);
  });

  test("an answer of another shape fails by name rather than showing wrong numbers", async () => {
    const { client } = answering(200, { contributions: [row(1, "approved")] });
    await expect(client.contributions({})).rejects.toThrow(/state: expected one of "held"/);
  });

  test("the intake's named error is kept; an unreachable intake is NETWORK", async () => {
    const { client } = answering(409, { outcome: "approval-replayed", reason: "already released" });
    const refused = client.approve({
      forge: "github",
      repository: "github.com/octo-org/lib",
      number: 10,
      heldHash: `0x${"00".repeat(32)}`,
      deadline: 1,
      signature: "0x12",
    });
    await expect(refused).rejects.toMatchObject({ code: "HTTP", outcome: "approval-replayed" });
    const down = intakeClient("http://intake.test", (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch);
    await expect(down.repositories()).rejects.toSatisfy(
      (error: unknown) => error instanceof IntakeError && error.code === "NETWORK",
    );
  });

  test("an approval is posted as JSON", async () => {
    const { client, asked } = answering(200, { outcome: "approved", approval: "approval-1", released: [] });
    await client.approve({
      forge: "github",
      repository: "github.com/octo-org/lib",
      number: 10,
      heldHash: `0x${"00".repeat(32)}`,
      deadline: 1,
      signature: "0x12",
    });
    expect(asked[0]?.init?.method).toBe("POST");
    expect(JSON.parse(String(asked[0]?.init?.body))).toMatchObject({ number: 10, deadline: 1, forge: "github" });
  });
});

const parsed = (n: number, state: IntakeContribution["state"]): IntakeContribution => ({
  ...(row(n, state) as unknown as IntakeContribution),
  assetId: 1n,
  laborMicroUsd: 900_000_000n,
  toolsMicroUsd: 1n,
  computeMicroUsd: 0n,
  state,
});

describe("a contributor's intake", () => {
  test("sorts contributions by state (sent with pending) and refusals once each, newest first", () => {
    const refusal = (seq: number): IntakeRefusal => ({
      seq,
      stage: "gate",
      code: "rate-limited",
      reason: "r",
      at: seq,
      deliveryId: undefined,
      subject: "ada",
      forge: "github",
    });
    const mine = sortMyIntake(
      [parsed(1, "pending"), parsed(2, "sent"), parsed(3, "held"), parsed(4, "attested"), parsed(5, "refused")],
      [refusal(1), refusal(2), refusal(1)],
    );
    expect(mine.pending.map((c) => c.mergedAt)).toEqual([102, 101]);
    expect(mine.held).toHaveLength(1);
    expect(mine.attested).toHaveLength(1);
    expect(mine.refusedOnChain).toHaveLength(1);
    expect(mine.refused.map((r) => r.seq)).toEqual([2, 1]);
  });

  test("names the intake's forge of a link statement's host", () => {
    expect(intakeForgeOf("github.com")).toBe("github");
    expect(intakeForgeOf("gitlab.com")).toBe("gitlab");
    expect(intakeForgeOf("example.com")).toBeUndefined();
  });
});

describe("a maintainer's held work", () => {
  test("is one approval per change request, bound to its held contributions' ids", () => {
    const changes = heldChanges([parsed(1, "held"), parsed(2, "held"), parsed(3, "held"), parsed(4, "pending")]);
    expect(changes.map((c) => c.number)).toEqual([11, 10]);
    const [odd] = changes;
    expect(odd?.heldHash).toBe(heldContributionsHash([parsed(3, "held").id, parsed(1, "held").id]));
    expect(odd?.claimedMicroUsd).toBe(1_800_000_002n);
  });

  test("is shown for the repositories whose asset the address owns, whatever its case", () => {
    const repository = {
      forge: "github" as const,
      repository: "github.com/octo-org/lib",
      assetId: 1n,
      owner: ADA.toUpperCase().replace("0X", "0x") as `0x${string}`,
      counts: { pending: 0, held: 1, attested: 0, refused: 0 },
    };
    expect(ownedRepositories([repository], ADA)).toHaveLength(1);
    expect(ownedRepositories([repository], `0x${"bb".repeat(20)}`)).toHaveLength(0);
  });
});
