/**
 * What the outbox workers' tests post to: GitHub replayed for one repository, `octo-org/lib`, whose endpoints they
 * use read no git (its directory, a fresh temporary one, is never opened as a repository), the App's forge client
 * with a fresh key, and an in-memory store.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { GitHubForge } from "../forge/githubForge.ts";
import { SqliteStore } from "../store/sqliteStore.ts";
import { type GitHubReplay, type ReplayRepository, startGitHubReplay } from "./githubReplay.ts";

export type OutboxWorld = {
  /** The temporary directory, `octo-org/lib`'s `dir`; `stop` removes it. */
  dir: string;
  github: GitHubReplay;
  /** `octo-org/lib` as the replay keeps it: what was posted to it. */
  replay: ReplayRepository;
  store: SqliteStore;
  forges: { github: GitHubForge };
  /** Closes the store, stops the replay and removes the directory. */
  stop(): Promise<void>;
};

/**
 * Starts an outbox world in a temporary directory named from `prefix`, `octo-org/lib` with the replay's `logs`.
 *
 * @example
 * const world = await startOutboxWorld("ccn-intake-feedback-", { commentLog: { comments: new Map() } });
 */
export async function startOutboxWorld(
  prefix: string,
  logs: Pick<ReplayRepository, "commentLog" | "checkRunLog"> = {},
): Promise<OutboxWorld> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  const replay: ReplayRepository = { dir, pulls: new Map(), permissions: new Map(), ...logs };
  const github = await startGitHubReplay({
    appId: "4242",
    privateKey: pem,
    repositories: new Map([["octo-org/lib", replay]]),
  });
  const forges = { github: new GitHubForge({ appId: "4242", privateKey: pem, baseUrl: github.url }) };
  const store = SqliteStore.open(":memory:");
  return {
    dir,
    github,
    replay,
    store,
    forges,
    async stop() {
      await store.close();
      await github.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
