import assert from "node:assert/strict";
import type { Server } from "node:http";
import { after, before, describe, test } from "node:test";

import { type Contribution, NO_OUTCOME } from "../store/intakeStore.ts";
import { SqliteStore } from "../store/sqliteStore.ts";
import { startIntakeServer } from "./intakeServer.ts";

const WEB = "http://127.0.0.1:5173";

const contribution = (
  n: number,
  c: Pick<Contribution, "repository" | "contributor" | "state">,
): Omit<Contribution, "transactionHash"> => ({
  id: `0x${n.toString(16).padStart(64, "0")}`,
  deliveryId: `d${n}`,
  pullRequest: n,
  login: "ada",
  assetId: 18_446_744_073_709_551_617n,
  laborMicroUsd: 1n,
  toolsMicroUsd: 0n,
  computeMicroUsd: 0n,
  evidenceUri: "https://github.com/o/r.git#a..b",
  evidenceHash: `0x${"ab".repeat(32)}`,
  mergedAt: 100,
  heldReason: c.state === "held" ? "claims $20 a changed line" : undefined,
  ...c,
});

const ADA = "0x00000000000000000000000000000000000000aa";
const GRACE = "0x00000000000000000000000000000000000000bb";

describe("the intake's API for browsers", () => {
  const store = SqliteStore.open(":memory:");
  let server: Server;
  let url: string;

  before(async () => {
    await store.accept({ id: "d1", forge: "github", event: "pull_request.closed", payload: "{}", receivedAt: 1 });
    await store.accept({ id: "g1", forge: "gitlab", event: "merge_request", payload: "{}", receivedAt: 1 });
    await store.complete(
      "d1",
      {
        ...NO_OUTCOME,
        contributions: [
          contribution(1, { repository: "github.com/o/r", contributor: ADA, state: "held" }),
          contribution(2, { repository: "github.com/o/r", contributor: GRACE, state: "pending" }),
          contribution(3, { repository: "github.com/o/other", contributor: ADA, state: "pending" }),
        ],
        refusals: [
          {
            deliveryId: "d1",
            stage: "gate",
            code: "self-approved",
            subject: "github.com/o/r#4",
            reason: "r",
            logins: ["Ada", "grace"],
          },
          {
            deliveryId: "d1",
            stage: "link",
            code: "unlinked",
            subject: "ada",
            reason: "ada has no link",
            host: "github.com",
          },
        ],
      },
      2,
    );
    await store.complete(
      "g1",
      {
        ...NO_OUTCOME,
        refusals: [
          {
            deliveryId: "g1",
            stage: "link",
            code: "unlinked",
            subject: "ada",
            reason: "another ada",
            host: "gitlab.example.org",
          },
        ],
      },
      3,
    );
    ({ server, url } = await startIntakeServer(
      { store, sources: [], maxPayloadBytes: 1024, now: () => 10, onQueued: () => {}, corsOrigins: [WEB] },
      0,
    ));
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  const get = async (path: string, origin = WEB) => {
    const response = await fetch(`${url}${path}`, { headers: { origin } });
    return { response, body: (await response.json()) as Record<string, unknown> };
  };

  test("a configured origin may read it from a browser; another may not", async () => {
    const { response } = await get("/contributions");
    assert.equal(response.headers.get("access-control-allow-origin"), WEB);
    const other = await get("/contributions", "https://elsewhere.example");
    assert.equal(other.response.headers.get("access-control-allow-origin"), null, "no CORS header for it");
    const preflight = await fetch(`${url}/approvals`, {
      method: "OPTIONS",
      headers: { origin: WEB, "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
    assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type");
  });

  test("contributions are filtered by contributor (any case), repository and state; amounts stay exact", async () => {
    const ids = async (query: string) =>
      ((await get(`/contributions?${query}`)).body.contributions as { pullRequest: number }[]).map(
        (c) => c.pullRequest,
      );
    assert.deepEqual(await ids(`contributor=${ADA.toUpperCase().replace("0X", "0x")}`), [1, 3]);
    assert.deepEqual(await ids("repository=github.com/o/r"), [1, 2]);
    assert.deepEqual(await ids(`contributor=${ADA}&state=held`), [1]);
    assert.deepEqual(await ids(""), [1, 2, 3]);
    const [first] = (await get("/contributions?state=held")).body.contributions as { assetId: string }[];
    assert.equal(first?.assetId, "18446744073709551617", "a bigint is served as its decimal text");
  });

  test("refusals are filtered by the login they name, their delivery's forge and their change's repository", async () => {
    const codes = async (query: string) =>
      ((await get(`/refusals?${query}`)).body.refusals as { reason: string }[]).map((r) => r.reason);
    assert.deepEqual(await codes("login=ADA"), ["r", "ada has no link", "another ada"]);
    assert.deepEqual(await codes("login=ada&forge=github"), ["r", "ada has no link"]);
    assert.deepEqual(await codes("login=grace"), ["r"], "a whole change's refusal, under each login it names");
    assert.deepEqual(await codes("login=linus"), []);
    assert.deepEqual(await codes("repository=github.com/o/r"), ["r"]);
  });

  test("a refusal is served with the forge host its logins are accounts of, when it was recorded with one", async () => {
    const served = (await get("/refusals?login=ada")).body.refusals as { reason: string; host?: string }[];
    assert.deepEqual(
      served.map((r) => [r.reason, r.host]),
      [
        ["r", undefined],
        ["ada has no link", "github.com"],
        ["another ada", "gitlab.example.org"],
      ],
    );
  });

  test("a malformed, unknown or repeated filter is a named JSON error, never an unfiltered list", async () => {
    for (const [query, reason] of [
      ["contributor=ada", /contributor/],
      ["state=approved", /state: expected one of "held", "pending"/],
      ["repository=o/r", /<forge host>\/<owner>\/<repo>/],
      ["forge=bitbucket", /forge: expected one of "github", "gitlab"/],
      ["colour=red", /colour/],
      ["state=held&state=pending", /state is given more than once/],
    ] as const) {
      const path = query.startsWith("forge") ? `/refusals?${query}` : `/contributions?${query}`;
      const { response, body } = await get(path);
      assert.equal(response.status, 400, query);
      assert.equal(body.outcome, "bad-query", query);
      assert.match(String(body.reason), reason, query);
      assert.equal(response.headers.get("access-control-allow-origin"), WEB, "the page can read why");
    }
  });

  test("without its chain the server says so for what needs it", async () => {
    const { response, body } = await get("/repositories");
    assert.equal(response.status, 503);
    assert.equal(body.outcome, "chain-not-configured");
    const posted = await fetch(`${url}/approvals`, { method: "POST", body: "{}" });
    assert.equal(posted.status, 503);
  });
});
