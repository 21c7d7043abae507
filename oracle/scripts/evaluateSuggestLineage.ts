/**
 * Reproduces `oracle/src/bundle/fixtures/octokit-request/suggestion.json`: fetches octokit/request.js at the
 * named commit into a temporary directory, runs `ccn bundle suggest --json` on it against the fixture's assets,
 * and writes the output (or, with `--check`, exits 1 unless it is the committed one). `--from` fetches from a
 * local clone or mirror instead of GitHub. The repository's code is never kept.
 *
 *   node oracle/scripts/evaluateSuggestLineage.ts [--check] [--from GIT_DIR_OR_URL]
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { COMMANDS } from "../src/cli/commandTable.ts";
import { dispatch } from "../src/cli/dispatch.ts";

const REPOSITORY = "https://github.com/octokit/request.js.git";
const COMMIT = "554e1029c40181a73939e6e9c265a72c7cf510ad";
const FIXTURE = path.resolve(import.meta.dirname, "../src/bundle/fixtures/octokit-request");
const EXPECTED = path.join(FIXTURE, "suggestion.json");

const { values } = parseArgs({ options: { check: { type: "boolean" }, from: { type: "string" } } });
const checkout = await mkdtemp(path.join(tmpdir(), "ccn-octokit-request-"));
try {
  const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { stdio: "inherit" });
  git("init", "--quiet");
  git("fetch", "--quiet", "--depth", "1", values.from ?? REPOSITORY, COMMIT);
  git("checkout", "--quiet", "FETCH_HEAD");
  let stdout = "";
  let stderr = "";
  const code = await dispatch(
    COMMANDS,
    ["bundle", "suggest", checkout, "--assets", path.join(FIXTURE, "assets.json"), "--json"],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {} },
  );
  if (code !== 0) throw new Error(`ccn bundle suggest exited ${code}: ${stderr}`);
  if (values.check) {
    if (stdout !== (await readFile(EXPECTED, "utf8"))) {
      console.error(`${EXPECTED} is not what ccn bundle suggest prints at ${COMMIT}:\n${stdout}`);
      process.exitCode = 1;
    } else console.log(`${EXPECTED} is what ccn bundle suggest prints at ${COMMIT}`);
  } else {
    await writeFile(EXPECTED, stdout);
    console.log(`wrote ${EXPECTED}`);
  }
} finally {
  await rm(checkout, { recursive: true, force: true });
}
