/** A scenario file (see scenario.schema.json, which documents every field). */
export const SCENARIO_FORMAT = "coherence-scenario-v1";

export type AssetKindName = "Code" | "Model" | "Design" | "Docs" | "Content" | "Data" | "Other";

export type ScenarioAccount = number | { privateKeyEnv: string };

export type Scenario = {
  format: typeof SCENARIO_FORMAT;
  name: string;
  description?: string;
  mnemonic?: string;
  accounts: Record<string, ScenarioAccount>;
  roles: {
    guardian: string;
    oracles: string[];
    threshold: number;
    attesters: string[];
    treasury: string;
    reserve: string;
  };
  tokens: { symbol: string; mint?: Record<string, string> }[];
  repositories?: Record<
    string,
    {
      url: string;
      commits: { key: string; author?: string; message: string; files: Record<string, string | null> }[];
      architecture?: { forbiddenImports?: { from: string; to: string }[]; maxFileLines?: number };
    }
  >;
  assets: {
    key: string;
    title?: string;
    kind: AssetKindName;
    owner: string;
    uri?: string;
    repository?: string;
    parents?: { asset: string; weightBps: number }[];
    epoch?: number;
  }[];
  contributions: {
    asset: string;
    contributor: string;
    commit?: string;
    evidence?: string;
    review?: { reviewer: string; bps: number; rationale: string };
    costs: { laborMicroUsd: string; toolsMicroUsd: string; computeMicroUsd: string };
    epoch?: number;
  }[];
  revenue: { asset: string; token: string; amount: string; payer: string; epoch?: number }[];
  epochs: number[];
  claims?: { account: string; after: number }[];
};
