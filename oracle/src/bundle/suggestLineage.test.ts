import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { Spec, Validation } from "@cyclonedx/cyclonedx-library";

import { lineageSbom } from "./lineageSbom.ts";
import { readRegisteredAssets } from "./registeredAssets.ts";
import { type LineageSuggestion, suggestLineage } from "./suggestLineage.ts";
import { weighParents } from "./weighParents.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const fixture = (file: string) => new URL(`./fixtures/${file}`, import.meta.url).pathname;
const COHERENCE_ASSETS = fixture("coherence/assets.json");

/** Writes `files` under `dir`. */
async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

/** Whether `text` imports `name` (or a path inside it) in a way a reader would see. */
function imports(text: string, name: string): boolean {
  const quoted = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`(from|import|require\\()\\s*\\(?["']${quoted}(/[^"']*)?["']`).test(text);
}

/** Every weight is explained: its files are the union of its dependencies' files, each of which imports them. */
async function assertExplained(directory: string, suggestion: LineageSuggestion): Promise<void> {
  for (const parent of suggestion.parents) {
    assert.deepEqual(parent.files, [...new Set(parent.dependencies.flatMap((d) => d.files))].sort());
    for (const dependency of parent.dependencies) {
      for (const file of dependency.files) {
        const text = await readFile(path.join(directory, file), "utf8");
        assert.ok(imports(text, dependency.name), `${file} does not import ${dependency.name}`);
      }
    }
  }
  // The weights are the rule's, from the counts shown.
  const counts = suggestion.parents.map((p) => ({ assetId: p.assetId, files: p.files.length }));
  assert.deepEqual(
    weighParents(counts, suggestion.upstreamBps).weighted.map((p) => p.weightBps),
    suggestion.parents.map((p) => p.weightBps),
  );
  if (suggestion.parents.length > 0) {
    assert.equal(
      suggestion.parents.reduce((sum, p) => sum + p.weightBps, 0),
      suggestion.upstreamBps,
    );
  }
}

describe("suggestLineage on this repository's own packages", () => {
  test("the web app: its runtime packages matched by package and by repository, each weight explained", async () => {
    const directory = path.join(ROOT, "frontend");
    const assets = await readRegisteredAssets(COHERENCE_ASSETS);
    const suggestion = await suggestLineage({ directory, assets, upstreamBps: 2000 });
    assert.equal(suggestion.composable.name, "@coherence/frontend");
    assert.equal(suggestion.sourceFiles.origin, "git");
    const byId = new Map(suggestion.parents.map((p) => [p.assetId, p]));
    assert.deepEqual([...byId.keys()].sort(), [1n, 4n, 5n]);
    assert.deepEqual(
      byId.get(1n)!.dependencies.map((d) => [d.name, d.matchedBy]),
      [["@coherence/protocol", "package"]],
    );
    assert.deepEqual(
      byId.get(4n)!.dependencies.map((d) => [d.name, d.matchedBy, d.version]),
      [["viem", "repository", "2.57.20"]],
    );
    // react and react-dom come from one repository, so one asset: its weight counts a file importing both once.
    assert.deepEqual(
      byId.get(5n)!.dependencies.map((d) => d.name),
      ["react", "react-dom"],
    );
    await assertExplained(directory, suggestion);
    assert.ok(suggestion.unmapped.some((d) => d.name === "wagmi" && d.files.length > 0));
    assert.ok(suggestion.ignored.some((d) => d.name === "vitest" && /devDependency/.test(d.reason)));
    // A devDependency is no parent, even one that is a registered asset.
    assert.ok(!byId.has(2n) && !byId.has(3n));
    assert.deepEqual(await suggestLineage({ directory, assets, upstreamBps: 2000 }), suggestion);
  });

  test("the indexer: a workspace's versions from the root lockfile, a package with no asset listed as such", async () => {
    const directory = path.join(ROOT, "indexer");
    const suggestion = await suggestLineage({
      directory,
      assets: await readRegisteredAssets(COHERENCE_ASSETS),
      upstreamBps: 1500,
    });
    assert.deepEqual(suggestion.parents.map((p) => p.assetId).sort(), [1n, 2n, 4n, 6n]);
    const hono = suggestion.parents.find((p) => p.assetId === 6n)!.dependencies[0]!;
    assert.match(hono.version!, /^4\./);
    assert.deepEqual(suggestion.unmapped.map((d) => d.name).sort(), ["graphql", "ponder"]);
    // The devnet, a devDependency its tests import, is no candidate at all: no asset is left unweighted.
    assert.deepEqual(suggestion.unweighted, []);
    await assertExplained(directory, suggestion);
  });
});

describe("suggestLineage on a real repository (octokit/request.js)", () => {
  test("the kept suggestion explains every weight by the rule, and names every dependency left out", async () => {
    const suggestion = JSON.parse(await readFile(fixture("octokit-request/suggestion.json"), "utf8"));
    const parents = suggestion.parents as { assetId: string; weightBps: number; files: string[] }[];
    const counts = parents.map((p) => ({ assetId: BigInt(p.assetId), files: p.files.length }));
    assert.deepEqual(
      weighParents(counts, suggestion.upstreamBps).weighted.map((p) => [String(p.assetId), p.weightBps]),
      parents.map((p) => [p.assetId, p.weightBps]),
    );
    assert.deepEqual(
      parents.map((p) => [p.assetId, p.weightBps]),
      [
        ["12", 1000],
        ["13", 600],
        ["11", 400],
      ],
    );
    assert.deepEqual(
      suggestion.unmapped.map((d: { name: string }) => d.name),
      ["json-with-bigint", "@octokit/request-error", "content-type"],
    );
  });
});

describe("suggestLineage on Solidity and with an SBOM", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), "ccn-suggest-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const bundle = (name: string, extra: Record<string, unknown>) =>
    JSON.stringify({
      format: "coherence-bundle-v1",
      kind: "Code",
      name,
      description: name,
      version: "1.0.0",
      licence: "MIT",
      content: { files: ["assets.json"] },
      parents: [],
      ...extra,
    });

  test("imports through remappings, submodules and npm paths; a devDependency a contract imports is lineage", async () => {
    const directory = path.join(root, "vault");
    await writeTree(directory, {
      "package.json": JSON.stringify({ name: "vault", devDependencies: { "@openzeppelin/contracts": "5.7.0" } }),
      "remappings.txt": "@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/\nsolady/=lib/solady/src/\n",
      "foundry.toml": '[profile.default]\nsrc = "src"\nremappings = ["@vendor/=deps/vendor/"]\n',
      ".gitmodules":
        '[submodule "lib/solady"]\n\tpath = lib/solady\n\turl = https://github.com/Vectorized/solady\n[submodule "lib/forge-std"]\n\tpath = lib/forge-std\n\turl = https://github.com/foundry-rs/forge-std\n',
      "src/Vault.sol":
        'import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";\nimport {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";\nimport "./Math.sol";\nimport {X} from "@vendor/X.sol";\ncontract Vault {}\n',
      "src/Math.sol": 'import {FixedPointMathLib} from "solady/utils/FixedPointMathLib.sol";\nlibrary Math {}\n',
      "test/Vault.t.sol":
        'import {Test} from "forge-std/Test.sol";\nimport "../src/Vault.sol";\ncontract VaultTest {}\n',
      "assets/solady.bundle.json": bundle("Solady", { repository: "https://github.com/Vectorized/solady" }),
      "assets/openzeppelin.bundle.json": bundle("OpenZeppelin Contracts", {
        repository: "https://github.com/OpenZeppelin/openzeppelin-contracts",
        package: "@openzeppelin/contracts",
      }),
      "assets/assets.json": JSON.stringify({
        assets: [
          { assetId: "7", bundle: "solady.bundle.json" },
          { assetId: "9", bundle: "openzeppelin.bundle.json" },
        ],
      }),
    });
    const assets = await readRegisteredAssets(path.join(directory, "assets/assets.json"));
    const suggestion = await suggestLineage({ directory, assets, upstreamBps: 3000 });
    assert.equal(suggestion.sourceFiles.origin, "directory");
    assert.deepEqual(
      suggestion.parents.map((p) => [p.assetId, p.weightBps, p.files, p.dependencies[0]!.matchedBy]),
      [
        [7n, 2000, ["src/Math.sol", "src/Vault.sol"], "repository"],
        [9n, 1000, ["src/Vault.sol"], "package"],
      ],
    );
    assert.deepEqual(
      suggestion.unmapped.map((d) => [d.name, d.kind, d.files]),
      [
        ["@vendor/=deps/vendor/", "remapping", ["src/Vault.sol"]],
        ["lib/forge-std", "submodule", ["test/Vault.t.sol"]],
      ],
    );
  });

  test("a bom.json declares dependencies and their repositories; the lineage SBOM it writes is valid CycloneDX 1.5", async () => {
    const directory = path.join(root, "app");
    const bom = {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      version: 1,
      components: [
        {
          type: "library",
          name: "left-pad",
          version: "1.3.0",
          purl: "pkg:npm/left-pad@1.3.0",
          externalReferences: [{ type: "vcs", url: "git+https://github.com/left-pad/left-pad.git" }],
        },
      ],
    };
    await writeTree(directory, {
      "package.json": JSON.stringify({ name: "app", version: "2.0.0", license: "MIT" }),
      "bom.json": JSON.stringify(bom),
      "src/a.ts": 'import leftPad from "left-pad";\n',
      "src/b.ts": 'const pad = require("left-pad");\n',
      "assets/left-pad.bundle.json": bundle("left-pad", { repository: "https://github.com/left-pad/left-pad" }),
      "assets/assets.json": JSON.stringify({ assets: [{ assetId: "21", bundle: "left-pad.bundle.json" }] }),
    });
    const assets = await readRegisteredAssets(path.join(directory, "assets/assets.json"));
    const suggestion = await suggestLineage({ directory, assets, upstreamBps: 500 });
    assert.deepEqual(
      suggestion.parents.map((p) => [p.assetId, p.weightBps, p.dependencies[0]!.declared, p.dependencies[0]!.version]),
      [[21n, 500, ["bom.json"], "1.3.0"]],
    );

    const sbom = lineageSbom(suggestion, assets);
    assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot5).validate(sbom), null);
    const document = JSON.parse(sbom);
    assert.equal(document.metadata.component.name, "app");
    assert.deepEqual(
      document.metadata.component.pedigree.ancestors.map((a: { name: string; properties: unknown }) => [
        a.name,
        a.properties,
      ]),
      [
        [
          "left-pad",
          [
            { name: "coherence:assetId", value: "21" },
            { name: "coherence:importingFiles", value: "2" },
            { name: "coherence:weightBps", value: "500" },
          ],
        ],
      ],
    );
    assert.equal(lineageSbom(suggestion, assets), sbom);

    await writeFile(path.join(directory, "bom.json"), JSON.stringify({ ...bom, components: [{ name: "x" }] }));
    await assert.rejects(
      suggestLineage({ directory, assets, upstreamBps: 500 }),
      /bom\.json: is not a valid CycloneDX 1\.5 SBOM: \/components\/0: must have required property 'type'/,
    );
  });

  test("a malformed assets file is named by file and field, and two assets cannot declare one package", async () => {
    const dir = path.join(root, "bad-assets");
    await writeTree(dir, {
      "a.bundle.json": bundle("a", { repository: "https://github.com/x/a", package: "same" }),
      "b.bundle.json": bundle("b", { repository: "https://github.com/x/b", package: "same" }),
      "number.json": JSON.stringify({ assets: [{ assetId: 3, bundle: "a.bundle.json" }] }),
      "twice.json": JSON.stringify({
        assets: [
          { assetId: "3", bundle: "a.bundle.json" },
          { assetId: "4", bundle: "b.bundle.json" },
        ],
      }),
      "missing.json": JSON.stringify({ assets: [{ assetId: "3", bundle: "nowhere.bundle.json" }] }),
    });
    await assert.rejects(
      readRegisteredAssets(path.join(dir, "number.json")),
      /number\.json: assets\[0\]\.assetId: expected a decimal string without leading zeros, got 3/,
    );
    await assert.rejects(
      readRegisteredAssets(path.join(dir, "twice.json")),
      /twice\.json: assets\[1\]\.bundle: b\.bundle\.json declares the package same, as assets\[0\] \(a\.bundle\.json\) does/,
    );
    await assert.rejects(readRegisteredAssets(path.join(dir, "missing.json")), /nowhere\.bundle\.json: cannot be read/);
  });
});
