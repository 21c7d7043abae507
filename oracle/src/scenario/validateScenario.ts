/**
 * Validates a scenario against its published JSON Schema, then against the rules the schema cannot express
 * (references between items, lineage weights, commits of repositories, epochs). Every error names the field,
 * as a path like `assets[2].parents[0].asset`, so nothing is sent to a chain until the whole file is right.
 */
import { readFile } from "node:fs/promises";

import { Ajv2020 } from "ajv/dist/2020.js";

import schema from "./scenario.schema.json" with { type: "json" };
import type { Scenario } from "./scenarioTypes.ts";
import { MalformedFieldError } from "@coherence/protocol";

/** The scenario file is malformed; `field` says where. */
export class ScenarioError extends MalformedFieldError {
  override name = "ScenarioError";
}

const ajv = new Ajv2020({ allErrors: false, strict: false });
const validateShape = ajv.compile(schema);

/** Reads and validates a scenario file. */
export async function readScenario(file: string): Promise<Scenario> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new ScenarioError(file, `cannot be read as JSON (${(cause as Error).message})`, { cause });
  }
  return validateScenario(value);
}

/** `/assets/2/parents/0` -> `assets[2].parents[0]`. */
function fieldOf(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === "" ? part : `${path}.${part}`), "");
}

/**
 * Validates a parsed scenario; throws {@link ScenarioError} at the first problem.
 *
 * @example
 * validateScenario(JSON.parse(text)); // returns the typed scenario
 */
export function validateScenario(value: unknown): Scenario {
  if (!validateShape(value)) {
    const error = validateShape.errors![0]!;
    const field = fieldOf(error.instancePath) || "(root)";
    const detail =
      error.keyword === "additionalProperties"
        ? `has an unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`
        : error.keyword === "required"
          ? `is missing "${(error.params as { missingProperty: string }).missingProperty}"`
          : error.keyword === "enum" || error.keyword === "const"
            ? `${error.message} (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)})`
            : (error.message ?? "is invalid");
    throw new ScenarioError(field, detail);
  }
  const s = value as Scenario;
  checkReferences(s);
  return s;
}

function checkReferences(s: Scenario): void {
  const fail = (field: string, problem: string): never => {
    throw new ScenarioError(field, problem);
  };
  const account = (name: string, field: string) => {
    if (!(name in s.accounts)) fail(field, `unknown account "${name}" (declare it under "accounts")`);
  };
  const epochs = new Set(s.epochs);
  for (let i = 1; i < s.epochs.length; i++) if (s.epochs[i]! <= s.epochs[i - 1]!) fail(`epochs[${i}]`, "epochs must ascend");
  const lastEpoch = s.epochs.at(-1) ?? 0;
  const epochOf = (item: { epoch?: number }, field: string) => {
    const epoch = item.epoch ?? 1;
    if (epoch > lastEpoch) fail(`${field}.epoch`, `epoch ${epoch} is never run (the scenario runs epochs ${s.epochs.join(", ") || "none"})`);
    return epoch;
  };

  account(s.roles.guardian, "roles.guardian");
  s.roles.oracles.forEach((o, i) => account(o, `roles.oracles[${i}]`));
  if (s.roles.threshold > s.roles.oracles.length) {
    fail("roles.threshold", `${s.roles.threshold} is more than the ${s.roles.oracles.length} oracle(s)`);
  }
  s.roles.attesters.forEach((a, i) => account(a, `roles.attesters[${i}]`));
  account(s.roles.treasury, "roles.treasury");
  account(s.roles.reserve, "roles.reserve");

  const symbols = new Set<string>();
  s.tokens.forEach((t, i) => {
    if (symbols.has(t.symbol)) fail(`tokens[${i}].symbol`, `"${t.symbol}" is listed twice`);
    symbols.add(t.symbol);
    for (const name of Object.keys(t.mint ?? {})) account(name, `tokens[${i}].mint.${name}`);
  });

  const commits = new Map<string, Set<string>>();
  for (const [name, repository] of Object.entries(s.repositories ?? {})) {
    const keys = new Set<string>();
    repository.commits.forEach((c, i) => {
      const field = `repositories.${name}.commits[${i}]`;
      if (keys.has(c.key)) fail(`${field}.key`, `"${c.key}" is used twice in this repository`);
      keys.add(c.key);
      if (c.author !== undefined) account(c.author, `${field}.author`);
      if (Object.keys(c.files).length === 0) fail(`${field}.files`, "a commit must change at least one file");
    });
    commits.set(name, keys);
  }

  const assets = new Map<string, { kind: string; repository: string | undefined; epoch: number }>();
  s.assets.forEach((a, i) => {
    const field = `assets[${i}]`;
    if (assets.has(a.key)) fail(`${field}.key`, `"${a.key}" is used by an earlier asset`);
    account(a.owner, `${field}.owner`);
    const epoch = epochOf(a, field);
    if (a.kind === "Code") {
      if (a.repository === undefined) fail(`${field}.repository`, "a Code asset needs the repository its contributions are measured in");
      else if (!commits.has(a.repository)) fail(`${field}.repository`, `unknown repository "${a.repository}"`);
    }
    let sum = 0;
    const seen = new Set<string>();
    (a.parents ?? []).forEach((p, j) => {
      const parent = assets.get(p.asset);
      if (parent === undefined) fail(`${field}.parents[${j}].asset`, `unknown parent "${p.asset}" (a parent must be declared before its children)`);
      if (seen.has(p.asset)) fail(`${field}.parents[${j}].asset`, `"${p.asset}" is listed twice`);
      if (parent!.epoch > epoch) fail(`${field}.parents[${j}].asset`, `"${p.asset}" is registered in a later epoch (${parent!.epoch})`);
      seen.add(p.asset);
      sum += p.weightBps;
    });
    if (sum > 10_000) fail(`${field}.parents`, `edge weights add up to ${sum} bps, more than 10000 (100%)`);
    assets.set(a.key, { kind: a.kind, repository: a.repository, epoch });
  });

  const attested = new Set<string>();
  s.contributions.forEach((c, i) => {
    const field = `contributions[${i}]`;
    const asset = assets.get(c.asset);
    if (asset === undefined) fail(`${field}.asset`, `unknown asset "${c.asset}"`);
    account(c.contributor, `${field}.contributor`);
    if (epochOf(c, field) < asset!.epoch) fail(`${field}.epoch`, `asset "${c.asset}" is only registered in epoch ${asset!.epoch}`);
    if (c.costs.laborMicroUsd === "0" && c.costs.toolsMicroUsd === "0" && c.costs.computeMicroUsd === "0") {
      fail(`${field}.costs`, "labor, tools and compute costs are all zero");
    }
    let evidence: string;
    if (asset!.kind === "Code") {
      if (c.commit === undefined) fail(`${field}.commit`, `a contribution to Code asset "${c.asset}" needs a commit of repository "${asset!.repository}"`);
      if (!commits.get(asset!.repository!)!.has(c.commit!)) {
        fail(`${field}.commit`, `repository "${asset!.repository}" has no commit "${c.commit}"`);
      }
      evidence = c.commit!;
    } else {
      if (c.evidence === undefined) fail(`${field}.evidence`, `a contribution to ${asset!.kind} asset "${c.asset}" needs its evidence`);
      if (c.review === undefined) fail(`${field}.review`, `work that is not code is scored by a reviewer: add { reviewer, bps, rationale }`);
      account(c.review!.reviewer, `${field}.review.reviewer`);
      evidence = c.evidence!;
    }
    const key = `${c.asset}/${c.contributor}/${evidence}`;
    if (attested.has(key)) fail(field, `the same asset, contributor and evidence are attested twice`);
    attested.add(key);
  });

  s.revenue.forEach((r, i) => {
    const field = `revenue[${i}]`;
    const asset = assets.get(r.asset);
    if (asset === undefined) fail(`${field}.asset`, `unknown asset "${r.asset}"`);
    if (!symbols.has(r.token)) fail(`${field}.token`, `unknown token "${r.token}" (declare it under "tokens")`);
    account(r.payer, `${field}.payer`);
    if (epochOf(r, field) < asset!.epoch) fail(`${field}.epoch`, `asset "${r.asset}" is only registered in epoch ${asset!.epoch}`);
  });

  (s.claims ?? []).forEach((c, i) => {
    account(c.account, `claims[${i}].account`);
    if (!epochs.has(c.after)) fail(`claims[${i}].after`, `epoch ${c.after} is not run by this scenario`);
  });
}
