/**
 * The rules of a scenario that span its parts: every name refers to something declared (accounts, repositories
 * and their commits, assets, tokens), parents come before their children, and work happens in epochs the
 * scenario runs, no earlier than its asset. Each failure names the field that refers.
 */
import type { Problem, Scenario } from "./scenarioTypes.ts";

type Field = readonly (string | number)[];
type RegisteredAsset = {
  kind: Scenario["assets"][number]["kind"];
  repository: string | undefined;
  epoch: number;
  rateCard: boolean;
};

/** What every check needs: the reporter and lookups of the scenario's accounts and epochs. */
type Checks = {
  problem: Problem;
  /** Fails at `field` unless `name` is a declared account. */
  account(name: string, field: Field): void;
  /** The epoch of `item` (1 when absent); fails at its `epoch` field unless the scenario runs it. */
  epochOf(item: { epoch?: number }, field: Field): number;
};

/**
 * Checks the references of a decoded scenario, in the order a reader meets them; `problem` throws.
 *
 * @example
 * refine(scenarioShapeSchema, checkReferences)
 */
export function checkReferences(s: Scenario, problem: Problem): void {
  const epochs = new Set(s.epochs);
  const checks: Checks = {
    problem,
    account(name, field) {
      if (!Object.hasOwn(s.accounts, name)) problem(field, `unknown account "${name}" (declare it under "accounts")`);
    },
    epochOf(item, field) {
      const epoch = item.epoch ?? 1;
      if (!epochs.has(epoch))
        problem(
          [...field, "epoch"],
          `epoch ${epoch} is never run (the scenario runs epochs ${s.epochs.join(", ") || "none"})`,
        );
      return epoch;
    },
  };
  const { account } = checks;
  for (const role of ["guardian", "treasury", "reserve"] as const) account(s.roles[role], ["roles", role]);
  if (s.roles.verifier !== undefined) account(s.roles.verifier, ["roles", "verifier"]);
  for (const list of ["oracles", "attesters"] as const)
    s.roles[list].forEach((name, i) => {
      account(name, ["roles", list, i]);
    });
  s.tokens.forEach((t, i) => {
    for (const name of Object.keys(t.mint ?? {})) account(name, ["tokens", i, "mint", name]);
  });
  const commits = checkRepositories(s, checks);
  const assets = checkAssets(s, commits, checks);
  checkContributions(s, commits, assets, checks);
  checkRevenue(s, assets, checks);
  (s.claims ?? []).forEach((c, i) => {
    account(c.account, ["claims", i, "account"]);
    if (!epochs.has(c.after)) problem(["claims", i, "after"], `epoch ${c.after} is not run by this scenario`);
  });
}

/** The commit keys of each repository; commit authors are accounts. */
function checkRepositories(s: Scenario, checks: Checks): Map<string, Set<string>> {
  const commits = new Map<string, Set<string>>();
  for (const [name, repository] of Object.entries(s.repositories ?? {})) {
    repository.commits.forEach((c, i) => {
      if (c.author !== undefined) checks.account(c.author, ["repositories", name, "commits", i, "author"]);
    });
    commits.set(name, new Set(repository.commits.map((c) => c.key)));
  }
  return commits;
}

/** Each asset by key; its owner, repository and parents must be declared, its parents in earlier epochs. */
function checkAssets(s: Scenario, commits: Map<string, Set<string>>, checks: Checks): Map<string, RegisteredAsset> {
  const assets = new Map<string, RegisteredAsset>();
  s.assets.forEach((a, i) => {
    const field = ["assets", i];
    checks.account(a.owner, [...field, "owner"]);
    checkAuthorship(s, a, field, checks);
    const epoch = checks.epochOf(a, field);
    if (a.kind === "Code") {
      if (a.repository === undefined)
        checks.problem([...field, "repository"], "a Code asset needs the repository its contributions are measured in");
      if (!commits.has(a.repository)) checks.problem([...field, "repository"], `unknown repository "${a.repository}"`);
    }
    (a.parents ?? []).forEach((p, j) => {
      const parent = assets.get(p.asset);
      const at = [...field, "parents", j, "asset"];
      if (parent === undefined)
        checks.problem(at, `unknown parent "${p.asset}" (a parent must be declared before its children)`);
      if (parent.epoch > epoch) checks.problem(at, `"${p.asset}" is registered in a later epoch (${parent.epoch})`);
    });
    assets.set(a.key, { kind: a.kind, repository: a.repository, epoch, rateCard: a.rateCard !== undefined });
  });
  return assets;
}

/** A verified or reclaimed asset needs the scenario's verifier; a squatter is someone other than the owner. */
function checkAuthorship(s: Scenario, a: Scenario["assets"][number], field: Field, checks: Checks): void {
  if (a.squatter !== undefined) {
    checks.account(a.squatter, [...field, "squatter"]);
    if (a.squatter === a.owner) checks.problem([...field, "squatter"], "is the owner: nobody squats their own work");
  }
  if ((a.verified === true || a.squatter !== undefined) && s.roles.verifier === undefined) {
    checks.problem(
      [...field, a.verified === true ? "verified" : "squatter"],
      "needs roles.verifier to sign authorship",
    );
  }
}

/** The asset of a contribution or payment, which must be registered by its epoch. */
function assetOf(
  item: { asset: string; epoch?: number },
  field: Field,
  assets: Map<string, RegisteredAsset>,
  checks: Checks,
): RegisteredAsset {
  const asset = assets.get(item.asset);
  if (asset === undefined) checks.problem([...field, "asset"], `unknown asset "${item.asset}"`);
  if (checks.epochOf(item, field) < asset.epoch)
    checks.problem([...field, "epoch"], `asset "${item.asset}" is only registered in epoch ${asset.epoch}`);
  return asset;
}

/** Code work names a commit of its asset's repository; other work names its evidence and its reviewer. */
function checkContributions(
  s: Scenario,
  commits: Map<string, Set<string>>,
  assets: Map<string, RegisteredAsset>,
  checks: Checks,
): void {
  const attested = new Set<string>();
  s.contributions.forEach((c, i) => {
    const field = ["contributions", i];
    const asset = assetOf(c, field, assets, checks);
    checks.account(c.contributor, [...field, "contributor"]);
    let evidence: string;
    if (asset.kind === "Code") {
      if (c.commit === undefined)
        checks.problem(
          [...field, "commit"],
          `a contribution to Code asset "${c.asset}" needs a commit of repository "${asset.repository}"`,
        );
      if (!commits.get(asset.repository!)!.has(c.commit))
        checks.problem([...field, "commit"], `repository "${asset.repository}" has no commit "${c.commit}"`);
      evidence = c.commit;
    } else {
      if (c.evidence === undefined)
        checks.problem([...field, "evidence"], `a contribution to ${asset.kind} asset "${c.asset}" needs its evidence`);
      if (c.review === undefined)
        checks.problem(
          [...field, "review"],
          "work that is not code is scored by a reviewer: add { reviewer, bps, rationale }",
        );
      checks.account(c.review.reviewer, [...field, "review", "reviewer"]);
      evidence = c.evidence;
    }
    if (c.costReport !== undefined && !asset.rateCard)
      checks.problem([...field, "costReport"], `asset "${c.asset}" has no rateCard to price its labor with`);
    if (c.costApproval !== undefined) {
      if (c.costReport === undefined)
        checks.problem([...field, "costApproval"], "approves a cost report, but the contribution has none");
      checks.account(c.costApproval.reviewer, [...field, "costApproval", "reviewer"]);
    }
    const key = `${c.asset}/${c.contributor}/${evidence}`;
    if (attested.has(key)) checks.problem(field, "the same asset, contributor and evidence are attested twice");
    attested.add(key);
  });
}

/** Revenue is paid by an account, in a declared token, to a registered asset. */
function checkRevenue(s: Scenario, assets: Map<string, RegisteredAsset>, checks: Checks): void {
  const symbols = new Set(s.tokens.map((t) => t.symbol));
  s.revenue.forEach((r, i) => {
    const field = ["revenue", i];
    assetOf(r, field, assets, checks);
    if (!symbols.has(r.token))
      checks.problem([...field, "token"], `unknown token "${r.token}" (declare it under "tokens")`);
    checks.account(r.payer, [...field, "payer"]);
  });
}
