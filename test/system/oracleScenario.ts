import type { Scenario } from "@coherence/oracle";
import { QUALITY_SCENARIO, SCENARIO_ARCHITECTURE, SCENARIO_COMMIT } from "@coherence/oracle/testing";
import { jsonText } from "@coherence/protocol";

/**
 * The scenario of the oracle's end-to-end test: a three-asset lineage (a library, an app built on it, its docs),
 * code contributions of varied quality measured in a real git repository, a reviewed docs contribution, revenue
 * in two tokens over two epochs, and claims after each. The library's author is verified, the app takes
 * attestations from its chosen attester alone, and the docs were registered first by a squatter, without lineage,
 * then reclaimed by their author with theirs. The app publishes a rate card, and one of its contributions binds a
 * cost report that passes every check.
 */

const costs = (labor: number) => ({
  laborMicroUsd: String(labor * 1_000_000),
  toolsMicroUsd: "20000000",
  computeMicroUsd: "5000000",
});
const key = (name: keyof typeof SCENARIO_COMMIT) => name;

/** The accounts of the local deployment's roles (scripts/deploy.ts), by the names scenarios give them. */
export const LOCAL_ROLE_ACCOUNTS = {
  guardian: 1,
  oracle1: 2,
  oracle2: 3,
  oracle3: 4,
  oracle4: 5,
  oracle5: 6,
  attester: 7,
  treasury: 8,
  reserve: 9,
} as const;

/** The local deployment's roles, as a scenario checks them against it. */
export const LOCAL_ROLES = {
  guardian: "guardian",
  oracles: ["oracle1", "oracle2", "oracle3", "oracle4", "oracle5"],
  threshold: 3,
  attesters: ["attester"],
  treasury: "treasury",
  reserve: "reserve",
} satisfies Scenario["roles"];

export function oracleScenario(): Scenario {
  const commits = Object.entries(SCENARIO_COMMIT).map(([name, index]) => ({
    key: key(name as keyof typeof SCENARIO_COMMIT),
    message: QUALITY_SCENARIO[index]!.message,
    files: { ...QUALITY_SCENARIO[index]!.files },
  }));
  return {
    format: "coherence-scenario-v1",
    name: "oracle-e2e",
    accounts: {
      ...LOCAL_ROLE_ACCOUNTS,
      ada: 10,
      grace: 11,
      linus: 12,
      margaret: 13,
      payer: 14,
      mallory: 16,
      verifier: 18,
    },
    roles: { ...LOCAL_ROLES, verifier: "verifier" },
    tokens: [
      { symbol: "dUSD", mint: { payer: "100000000000" } },
      { symbol: "dETH", mint: { payer: "100000000000000000000" } },
    ],
    repositories: {
      ledger: {
        url: "https://example.org/ledger.git",
        commits,
        architecture: {
          ...SCENARIO_ARCHITECTURE,
          forbiddenImports: [...(SCENARIO_ARCHITECTURE.forbiddenImports ?? [])],
        },
      },
    },
    assets: [
      { key: "ledger", kind: "Code", owner: "ada", repository: "ledger", uri: "ipfs://ledger", verified: true },
      {
        key: "app",
        kind: "Code",
        owner: "grace",
        repository: "ledger",
        parents: [{ asset: "ledger", weightBps: 3000 }],
        attestersRestricted: true,
        rateCard: {
          asset: "app",
          format: "coherence-rate-card-v1",
          roles: { engineer: { maxHourlyMicroUsd: 200_000_000n, minHourlyMicroUsd: 80_000_000n } },
        },
      },
      {
        key: "handbook",
        kind: "Docs",
        owner: "margaret",
        parents: [{ asset: "app", weightBps: 1000 }],
        squatter: "mallory",
      },
    ],
    contributions: [
      { asset: "ledger", contributor: "ada", commit: "base", costs: costs(900) },
      { asset: "ledger", contributor: "ada", commit: "clean", costs: costs(600) },
      { asset: "app", contributor: "linus", commit: "sloppy", costs: costs(600) },
      {
        asset: "app",
        contributor: "grace",
        commit: "solidityClean",
        costs: costs(400),
        // 4 h at $100, 2M output tokens of GPT-4o at $10 per million, 500 CI minutes at $0.01: the attested costs.
        costReport: {
          labor: [
            {
              start: "2023-12-20T09:00:00Z",
              end: "2023-12-20T13:00:00Z",
              role: "engineer",
              hourlyMicroUsd: 100_000_000n,
              description: "settlement contract and its tests",
            },
          ],
          usage: [
            {
              start: "2023-12-20T10:00:00Z",
              end: "2023-12-20T12:00:00Z",
              "gen_ai.provider.name": "openai",
              "gen_ai.request.model": "gpt-4o",
              "gen_ai.usage.input_tokens": 0,
              "gen_ai.usage.output_tokens": 2_000_000,
              requests: 30,
            },
          ],
          compute: [{ kind: "ci", name: "CI", minutes: 500, microUsdPerMinute: 10_000n }],
        },
      },
      {
        asset: "handbook",
        contributor: "margaret",
        evidence: "handbook-v1",
        review: { reviewer: "attester", bps: 8000, rationale: "Clear, complete, with worked examples." },
        costs: costs(300),
      },
      { asset: "app", contributor: "linus", commit: "copied", costs: costs(500), epoch: 2 },
    ],
    revenue: [
      { asset: "app", token: "dUSD", amount: "10000000000", payer: "payer" },
      { asset: "handbook", token: "dETH", amount: "3000000000000000000", payer: "payer" },
      { asset: "ledger", token: "dUSD", amount: "1000000000", payer: "payer", epoch: 2 },
      { asset: "app", token: "dUSD", amount: "7000000000", payer: "payer", epoch: 2 },
    ],
    epochs: [1, 2],
    claims: [
      { account: "ada", after: 1 },
      { account: "grace", after: 1 },
      { account: "ada", after: 2 },
    ],
  };
}

/** A scenario as its file holds it: amounts of its cost documents as decimal strings. */
export function scenarioFile(scenario: Scenario): unknown {
  return JSON.parse(jsonText(scenario));
}
