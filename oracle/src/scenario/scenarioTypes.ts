/**
 * The scenario format (`coherence-scenario-v1`), declared once with the protocol's combinators: the types below,
 * the decoder (`validateScenario.ts`, which adds the references between parts) and the published JSON Schema
 * (`scenario.schema.json`, generated) all derive from it. Rules that involve one part only (a repository's commit
 * keys, an asset's edge weights, a contribution's costs) are checked here, where that part is declared.
 */

import {
  ASSET_KINDS,
  array,
  BPS,
  boolean,
  byType,
  documented,
  firstRepeat,
  type Infer,
  integer,
  literal,
  MAX_PARENTS,
  machineProfileSchema,
  microUsdSchema,
  nullable,
  object,
  oneOf,
  optional,
  rateCardSchema,
  record,
  refine,
  string,
  subscriptionSchema,
  timeEntrySchema,
  toolUsageSchema,
  variant,
} from "@coherence/protocol";
import { architectureRulesSchema } from "../scoring/config.ts";

export const SCENARIO_FORMAT = "coherence-scenario-v1";

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NAME_WORDS = "a name (a letter, then letters, digits, _ or -)";
/** Accounts, assets, repositories and commits are referred to by name. */
const name = string({ pattern: NAME, expected: NAME_WORDS });
const byName = { key: NAME, expectedKey: NAME_WORDS };
const text = string({ minLength: 1, expected: "a non-empty string" });
const amount = documented(
  string({ pattern: /^[1-9][0-9]*$/, expected: "a positive integer of base units as a decimal string" }),
  "A positive integer in base units, as a decimal string.",
);
const cost = documented(
  string({ pattern: /^(0|[1-9][0-9]*)$/, expected: "micro-USD as a decimal string without leading zeros" }),
  "Micro-USD (1e-6 USD), a non-negative integer as a decimal string.",
);
const epoch = documented(integer({ min: 1 }), "The epoch this happens in (before it is computed); 1 when absent.");

/** How a `refine` check reports a problem at a field below the value it checks. */
export type Problem = (field: readonly (string | number)[], message: string) => never;

/** Fails with `"x" is listed twice` at the second `x` of `items`, at `field` below that item. */
function unique<T>(items: readonly T[], key: (item: T) => string, field: readonly string[], problem: Problem): void {
  const i = firstRepeat(items, key);
  if (i !== undefined) problem([i, ...field], `"${key(items[i]!)}" is listed twice`);
}

const accountSchema = byType({
  number: documented(integer(), "Index of the mnemonic's account."),
  object: object({
    privateKeyEnv: string({ pattern: /^[A-Z_][A-Z0-9_]*$/, expected: "an environment variable name" }),
  }),
});
export type ScenarioAccount = Infer<typeof accountSchema>;

const names = refine(array(name, { min: 1 }), (list, problem) => unique(list, (n) => n, [], problem));

const rolesSchema = refine(
  object({
    guardian: name,
    oracles: names,
    threshold: integer({ min: 1 }),
    attesters: names,
    verifier: optional(documented(name, "Signs authorship statements (a verifier of the deployment).")),
    treasury: name,
    reserve: name,
  }),
  (roles, problem) => {
    if (roles.threshold > roles.oracles.length)
      problem(["threshold"], `${roles.threshold} is more than the ${roles.oracles.length} oracle(s)`);
  },
);

const tokenSchema = object({
  symbol: documented(text, "A token of the deployment file, by symbol."),
  mint: optional(documented(record(amount, byName), "Amounts (base units) to mint to accounts; demo tokens only.")),
});

const commitSchema = object({
  key: name,
  author: optional(name),
  message: text,
  files: refine(
    documented(record(nullable(string())), "Each changed file's new content; null deletes it."),
    (files, problem) => {
      if (Object.keys(files).length === 0) problem([], "a commit must change at least one file");
    },
  ),
});

const repositorySchema = object({
  url: documented(text, "The repository's public identity, recorded in evidence URIs."),
  commits: refine(array(commitSchema, { min: 1 }), (commits, problem) =>
    unique(commits, (c) => c.key, ["key"], problem),
  ),
  architecture: optional(documented(architectureRulesSchema, "Architecture rules for the scorer.")),
});

const assetKindSchema = oneOf(ASSET_KINDS);
export type AssetKindName = Infer<typeof assetKindSchema>;

const parentsSchema = refine(
  array(object({ asset: name, weightBps: integer({ min: 1, max: BPS }) }), { max: MAX_PARENTS }),
  (parents, problem) => {
    unique(parents, (p) => p.asset, ["asset"], problem);
    const sum = parents.reduce((total, p) => total + p.weightBps, 0);
    if (sum > BPS) problem([], `edge weights add up to ${sum} bps, more than ${BPS} (100%)`);
  },
);

const assetSchema = object({
  key: name,
  title: optional(string()),
  kind: assetKindSchema,
  owner: name,
  uri: optional(string()),
  bundle: optional(
    documented(
      string({ minLength: 1 }),
      "Its bundle manifest (coherence.bundle.json), relative to the scenario file: registered as `ccn asset register` registers it, so its content hash is the bundle's; its kind and parents (as registered) must be the scenario's.",
    ),
  ),
  repository: optional(documented(name, "Required for Code assets.")),
  parents: optional(parentsSchema),
  verified: optional(
    documented(boolean(), "The owner has a verifier confirm it is the author (needs roles.verifier)."),
  ),
  squatter: optional(
    documented(
      name,
      "Registers the owner's content first; the owner then reclaims it with a verifier's statement and its parents.",
    ),
  ),
  attestersRestricted: optional(
    documented(boolean(), "The owner chooses the scenario's attesters and takes attestations from them alone."),
  ),
  rateCard: optional(
    documented(
      rateCardSchema,
      "The owner's rate card (coherence-rate-card-v1): published beside the manifests and on-chain with setRateCard.",
    ),
  ),
  epoch: optional(epoch),
});

const costsSchema = refine(
  object({ laborMicroUsd: cost, toolsMicroUsd: cost, computeMicroUsd: cost }),
  (costs, problem) => {
    if (costs.laborMicroUsd === "0" && costs.toolsMicroUsd === "0" && costs.computeMicroUsd === "0") {
      problem([], "labor, tools and compute costs are all zero");
    }
  },
);

/** What a contributor's cost report is built from, as `ccn cost build` builds one. */
const costReportInputsSchema = object({
  labor: array(timeEntrySchema, { min: 1 }),
  usage: optional(array(toolUsageSchema)),
  subscriptions: optional(array(subscriptionSchema)),
  compute: optional(
    array(
      variant("kind", {
        ci: object({ kind: literal("ci"), name: text, minutes: integer(), microUsdPerMinute: microUsdSchema }),
        machine: object({ kind: literal("machine"), profile: machineProfileSchema, seconds: integer() }),
      }),
    ),
  ),
});

const contributionSchema = object({
  asset: name,
  contributor: name,
  commit: optional(documented(name, "A commit key of the asset's repository (Code assets).")),
  evidence: optional(documented(text, "What the work was (non-code assets); hashed on-chain.")),
  review: optional(object({ reviewer: name, bps: integer({ max: BPS }), rationale: text })),
  costs: costsSchema,
  costReport: optional(
    documented(
      costReportInputsSchema,
      "Priced with the asset's rate card and the shipped price table into a cost report the evidence binds.",
    ),
  ),
  costApproval: optional(
    documented(
      object({ reviewer: name, rationale: text }),
      "A reviewer's approval of a cost the asset's plausibility bounds hold.",
    ),
  ),
  epoch: optional(epoch),
});

const revenueSchema = object({ asset: name, token: text, amount, payer: name, epoch: optional(epoch) });

const epochsSchema = refine(
  documented(
    array(integer({ min: 1 })),
    "The epochs to run, in order; every item tagged with epoch n happens before epoch n is computed.",
  ),
  (epochs, problem) => {
    for (let i = 1; i < epochs.length; i++) {
      if (epochs[i]! <= epochs[i - 1]!)
        problem([i], `${epochs[i]} does not come after ${epochs[i - 1]}: epochs run in ascending order`);
    }
  },
);

/** The whole file, before the references between its parts are checked. */
export const scenarioShapeSchema = object(
  {
    $schema: optional(string()),
    format: literal(SCENARIO_FORMAT),
    name: documented(
      string({ pattern: /^[a-z0-9][a-z0-9-]*$/, expected: "lower-case letters, digits and -" }),
      "Also seeds asset content hashes, so two scenarios can share a chain.",
    ),
    description: optional(string()),
    mnemonic: optional(documented(string(), "For accounts given by index; defaults to Hardhat's test mnemonic.")),
    accounts: record(accountSchema, byName),
    roles: rolesSchema,
    tokens: refine(array(tokenSchema, { min: 1 }), (tokens, problem) =>
      unique(tokens, (t) => t.symbol, ["symbol"], problem),
    ),
    repositories: optional(record(repositorySchema, byName)),
    assets: refine(array(assetSchema, { min: 1 }), (assets, problem) => unique(assets, (a) => a.key, ["key"], problem)),
    contributions: array(contributionSchema),
    revenue: array(revenueSchema),
    epochs: epochsSchema,
    claims: optional(array(object({ account: name, after: epoch }))),
  },
  {
    description:
      "A world to apply to a chain: accounts and roles, tokens, git repositories, assets with lineage, contributions with costs and evidence, revenue, epochs to run and claims to make. Demos, tests and benchmarks share this format.",
  },
);

/** A scenario file. */
export type Scenario = Infer<typeof scenarioShapeSchema>;
