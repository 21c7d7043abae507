/**
 * Brings the evaluation set's repositories here: `node oracle/bench/scoring/fetchRepos.ts` clones each (bare) into
 * .ccn/bench/scoring/<name> (or CCN_SCORING_REPOS), from its fetched mirror under /work/.mirror (or CCN_MIRRORS)
 * when there is one, else from its public URL. A repository already there is left as it is.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadEvaluationSet, mirrorOf, REPOS_DIRECTORY } from "./evaluationSet.ts";

const set = loadEvaluationSet();
mkdirSync(REPOS_DIRECTORY, { recursive: true });
for (const [name, repository] of Object.entries(set.repositories)) {
  const target = join(REPOS_DIRECTORY, name);
  if (existsSync(target)) {
    console.log(`${name}: already at ${target}`);
    continue;
  }
  const mirror = mirrorOf(repository);
  const source = existsSync(join(mirror, "HEAD")) ? mirror : repository.url;
  console.log(`${name}: cloning ${source} into ${target}`);
  execFileSync("git", ["clone", "--bare", "--quiet", source, target], { stdio: "inherit" });
}
