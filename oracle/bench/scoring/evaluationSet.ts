/**
 * The scoring evaluation set (evaluationSet.json): commits of public repositories, each with the tier a reader gave
 * it from its diff before the scorer ran, and where the repositories are checked out on this machine. Only labels,
 * commit ids and scripts live in this repository, never the other repositories' code.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RepositoryLayout } from "./gamingVariants.ts";

/** A labelled commit. */
export type LabelledCommit = { repository: string; commit: string; tier: number; reason: string };

/**
 * A repository of the set: its public URL, the `fetch` source that brings it here, its layout, and a file of a
 * package it declares (in that package's published tarball) for the pasted-dependency variant.
 */
export type EvaluationRepository = {
  url: string;
  fetch: string;
  layout: RepositoryLayout;
  pastedDependency: { package: string; version: string; file: string };
};

export type EvaluationSet = {
  format: "coherence-scoring-evaluation-v1";
  repositories: Readonly<Record<string, EvaluationRepository>>;
  commits: readonly LabelledCommit[];
  /** Real commits to make gaming variants of, and the third-party files the vendoring variants add. */
  gaming: {
    originals: readonly { repository: string; commit: string }[];
    vendoredFiles: { path: string; licensed: string };
  };
};

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(HERE, "..", "..", "..");

/** Where {@link fetchRepos} clones the repositories unless `CCN_SCORING_REPOS` says otherwise (ignored by git). */
export const REPOS_DIRECTORY = process.env.CCN_SCORING_REPOS ?? join(ROOT, ".ccn", "bench", "scoring");

/** Where a fetched mirror of `github:<owner>/<name>` lives on the project's machines. */
export const MIRRORS_DIRECTORY = process.env.CCN_MIRRORS ?? "/work/.mirror";

export function loadEvaluationSet(): EvaluationSet {
  return JSON.parse(readFileSync(join(HERE, "evaluationSet.json"), "utf8")) as EvaluationSet;
}

/** The mirror directory of a `github:<owner>/<name>` source, as the fetch tool writes it. */
export function mirrorOf(repository: EvaluationRepository): string {
  const [owner, name] = repository.fetch.replace(/^github:/, "").split("/");
  return join(MIRRORS_DIRECTORY, `${owner}+${name}`, "repo");
}

/** The local repository of `name`: a clone under {@link REPOS_DIRECTORY}, else the mirror; `undefined` if neither. */
export function locateRepository(name: string, repository: EvaluationRepository): string | undefined {
  for (const candidate of [join(REPOS_DIRECTORY, name), mirrorOf(repository)])
    if (existsSync(join(candidate, "HEAD")) || existsSync(join(candidate, ".git"))) return candidate;
  return undefined;
}
