/**
 * `ccn dependencies index --repo PATH --commit SHA` (or `--range A..B`): fetches the npm packages the change's
 * repository declares, checks each against its integrity and fingerprints it into this machine's dependency
 * cache, so that scoring the contribution later reads no network (oracle/docs/scoring.md, "Declared
 * dependencies"). Prints what was indexed and each declared package that is not, with why.
 */
import path from "node:path";
import { InvalidArgumentError } from "@coherence/protocol";
import { type DependencyIndexRecord, prebuildDependencyIndex } from "../../scoring/dependencyIndex.ts";
import type { Arguments, CommandOutput, CommandParameters } from "../command.ts";

export const parameters = {
  words: ["dependencies", "index"],
  summary: "fetch and fingerprint the npm packages a commit or range declares, for scoring offline",
  positionals: [],
  options: {
    repo: { type: "string", value: "PATH", help: "the repository (a checkout or a bare repository)" },
    commit: { type: "string", value: "SHA", help: "a commit (its first parent is the base)" },
    range: { type: "string", value: "A..B", help: "a range (a pull request's base..head)" },
    cache: {
      type: "string",
      value: "DIR",
      help: "the dependency cache (default: the scoring config's dependencyCache, else ~/.cache/coherence-network/npm)",
    },
  },
  environment: [],
} as const satisfies CommandParameters;

export async function run(args: Arguments<typeof parameters>): Promise<DependencyIndexRecord & { cache: string }> {
  if (args.repo === undefined) throw new InvalidArgumentError("ccn dependencies index: --repo PATH is required.");
  if ((args.commit === undefined) === (args.range === undefined))
    throw new InvalidArgumentError("ccn dependencies index: give exactly one of --commit SHA and --range A..B.");
  return prebuildDependencyIndex({
    repository: path.resolve(args.repo),
    evidence: (args.commit ?? args.range)!,
    cache: args.cache,
  });
}

export function output(record: DependencyIndexRecord & { cache: string }): CommandOutput {
  return {
    json: record,
    text: [
      `${record.indexed.length} package(s) indexed in ${record.cache}`,
      ...record.indexed.map(
        (name) =>
          `  ${name}${record.truncated?.includes(name) === true ? " (truncated: more code than maxPackageCodeBytes)" : ""}`,
      ),
      ...(record.missing.length > 0 ? [`${record.missing.length} declared package(s) not indexed:`] : []),
      ...record.missing.map((m) => `  ${m.name} ${m.spec}: ${m.reason}`),
    ],
  };
}
