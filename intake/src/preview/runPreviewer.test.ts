import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { GitLabForge } from "../forge/gitlabForge.ts";
import { NO_OUTCOME } from "../store/intakeStore.ts";
import { SqliteStore } from "../store/sqliteStore.ts";
import type { GitHttpServer } from "../testing/gitHttpServer.ts";
import { GitRepository } from "../testing/gitRepository.ts";
import { startLeakWatchingGitServer } from "../testing/leakWatchingGitServer.ts";
import { filesHolding } from "../testing/secretLeaks.ts";
import { basicAuthorization } from "./fetchAuthorization.ts";
import type { PreviewerParameters } from "./runPreviewer.ts";
import { scoreNextPreview } from "./runPreviewer.ts";
import { mirrorOf } from "./scoreChange.ts";

describe("the previewer, for a private GitLab project", () => {
  const TOKEN = "glpat-3xQ9mVbZ7hKd2LpT8wYc";
  // GitLab takes an access token over HTTPS as the password of `oauth2`: what the project's server asks for.
  const AUTHORIZATION = basicAuthorization("oauth2", TOKEN);
  const HOST = "gitlab.example.org";
  let dir: string;
  let server: GitHttpServer;
  let base: string;
  let head: string;
  /** The command lines seen holding the token while the server answered a fetch. */
  const leaked: string[] = [];
  const store = SqliteStore.open(":memory:");

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-intake-previewer-"));
    const repo = await GitRepository.init(path.join(dir, "forge", "lib.git"));
    base = await repo.commit({ "README.md": "# lib\n" }, { message: "start" });
    await repo.checkout("feature", true);
    head = await repo.commit(
      { "src/sum.ts": "/** Adds two numbers. */\nexport const sum = (a: number, b: number) => a + b;\n" },
      { message: "sum" },
    );
    server = await startLeakWatchingGitServer(path.join(dir, "forge"), AUTHORIZATION, [TOKEN, AUTHORIZATION], leaked);
  });
  after(async () => {
    await server?.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A merge request of project `name` decided as previewed, then scored by the previewer with `forges`. */
  const preview = async (number: number, name: string, forges: PreviewerParameters["forges"]) => {
    const id = `gitlab-${number}`;
    const target = { forge: "gitlab" as const, repository: `${HOST}/octo-org/${name}`, number, scope: 100 + number };
    const request = { target: { ...target, owner: "octo-org", name }, head, base, cloneUrl: `${server.url}/lib.git` };
    await store.accept({ id, forge: "gitlab", event: "merge_request.open", payload: "{}", receivedAt: number });
    await store.complete(id, { ...NO_OUTCOME, preview: { ...request, people: [], refusals: [] } }, number);
    const p = { mirrorsDir: path.join(dir, "mirrors"), insteadOf: [], timeoutMs: 60_000, store, forges, now: () => 9 };
    assert.equal(await scoreNextPreview(p), true);
    const scored = (await store.duePreviews(100)).find((d) => d.target.number === number)!;
    const refusals = (await store.refusals()).filter((r) => r.deliveryId === id);
    return { score: scored.score!, refusals, mirror: mirrorOf(p.mirrorsDir, scored) };
  };
  /** The GitLab adapter with `token`: asked for a project, it reads nothing of GitLab's API. */
  const gitlab = (token: string) => ({ gitlab: new GitLabForge({ token, host: `https://${HOST}` }) });

  test("fetches the mirror with the adapter's access token, which no command line or mirror file holds", async () => {
    const { score, refusals, mirror } = await preview(6, "lib", gitlab(TOKEN));
    assert.equal(score.state, "scored", JSON.stringify(score));
    assert.equal(score.state === "scored" && score.range, `${base}..${head}`);
    assert.deepEqual(refusals, []);
    assert.ok(server.requests.length > 0 && server.requests.every((r) => r.authorized), "every request carried it");
    assert.deepEqual(leaked, [], "no process had the token on its command line");
    assert.deepEqual(await filesHolding(mirror, [TOKEN, AUTHORIZATION]), [], "nor any file of the mirror");
  });

  test("without the token, or with one GitLab no longer takes, it is refused, said and recorded with its host", async () => {
    const seen = server.requests.length;
    // Other projects, other mirrors: commits a mirror already holds are not fetched again.
    for (const [number, name, forges, reason] of [
      [7, "anonymous", {}, /the repository needs credentials, and the intake has none for its forge$/],
      [8, "revoked", gitlab("glpat-revoked"), /the forge refused the intake's credentials/],
    ] as const) {
      const { score, refusals } = await preview(number, name, forges);
      assert.equal(score.state, "failed", name);
      assert.match(score.state === "failed" ? score.reason : "", reason);
      assert.match(score.state === "failed" ? score.reason : "", /^fetching [0-9a-f]{12} and [0-9a-f]{12} from http:/);
      assert.deepEqual(
        refusals.map((r) => [r.stage, r.code, r.subject, r.host]),
        [["preview", "preview-not-scored", `${HOST}/octo-org/${name}#${number}`, HOST]],
      );
    }
    const later = server.requests.slice(seen);
    assert.ok(later.length > 0 && later.every((r) => !r.authorized), "each fetch asked, and none was let in");
  });
});
