/**
 * The composables `ccn bundle init` scaffolds: each a bundle manifest pre-filled (kind Code, content globs that
 * cover the source and its tests), a source file and a test that runs as it is, so the first commit is already
 * a registrable, tested bundle. `ts-library` runs its test with `node --test`; `solidity-contract` has a
 * Solidity test (`*.t.sol`, without forge-std) that Foundry and Hardhat 3 both run.
 */
import {
  BUNDLE_MANIFEST_FILE,
  BUNDLE_MANIFEST_FORMAT,
  type BundleManifest,
  bundleManifestSchema,
  jsonText,
} from "@coherence/protocol";

export const TEMPLATE_NAMES = ["ts-library", "solidity-contract"] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export type TemplateParameters = {
  /** The bundle's name; for `ts-library` also its npm package name. */
  readonly name: string;
  readonly repository: string;
  /** An SPDX licence identifier. */
  readonly licence: string;
};

/**
 * Each file of the scaffold, by path relative to its directory.
 *
 * @example
 * templateFiles("ts-library", { name: "greeter", repository: "https://github.com/you/greeter", licence: "MIT" })
 * // { "coherence.bundle.json": "…", "package.json": "…", "src/index.ts": "…", "src/index.test.ts": "…", … }
 */
export function templateFiles(template: TemplateName, parameters: TemplateParameters): Record<string, string> {
  return template === "ts-library" ? tsLibrary(parameters) : solidityContract(parameters);
}

/** The contract name a bundle name gives: its words capitalised and joined (`token-vault` is `TokenVault`). */
export function contractNameOf(name: string): string | undefined {
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  const joined = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
  return /^[A-Za-z]/.test(joined) ? joined : undefined;
}

function manifest(
  parameters: TemplateParameters,
  fields: Pick<BundleManifest, "description" | "content"> & Partial<BundleManifest>,
): string {
  const { name, repository, licence } = parameters;
  const value: BundleManifest = {
    format: BUNDLE_MANIFEST_FORMAT,
    kind: "Code",
    name,
    version: "0.1.0",
    licence,
    repository,
    parents: [],
    ...fields,
  };
  // Declaration order, as a person reads it: format, kind, name, … parents, run.
  return `${jsonText(bundleManifestSchema.encode(value), 2)}\n`;
}

function readme(name: string, description: string, test: string): string {
  return [
    `# ${name}`,
    "",
    description,
    "",
    `Test it: \`${test}\`. Its content hash, which it is registered with: \`ccn bundle hash ${BUNDLE_MANIFEST_FILE}\`;`,
    "its suggested parents: `ccn bundle suggest . --assets assets.json`.",
    "",
  ].join("\n");
}

function tsLibrary(parameters: TemplateParameters): Record<string, string> {
  const { name, repository, licence } = parameters;
  const description = `${name}: a TypeScript library.`;
  const test = "node --test 'src/**/*.test.ts'";
  return {
    [BUNDLE_MANIFEST_FILE]: manifest(parameters, {
      description,
      package: name,
      content: { files: ["README.md", "package.json"], globs: ["src/**/*.ts"] },
      run: { entry: "src/index.ts", export: "greet", runtime: "node" },
    }),
    "package.json": `${jsonText(
      {
        name,
        version: "0.1.0",
        description,
        license: licence,
        repository,
        type: "module",
        exports: "./src/index.ts",
        engines: { node: ">=22.18" },
        scripts: { test },
      },
      2,
    )}\n`,
    "README.md": readme(name, description, "npm test"),
    "src/index.ts": [
      "/**",
      " * Greets someone by name.",
      " *",
      " * @example",
      ' * greet("Ada") // "Hello, Ada!"',
      " */",
      "export function greet(name: string): string {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the scaffold's own template literal, written as text.
      "  return `Hello, ${name}!`;",
      "}",
      "",
    ].join("\n"),
    "src/index.test.ts": [
      'import assert from "node:assert/strict";',
      'import { test } from "node:test";',
      "",
      'import { greet } from "./index.ts";',
      "",
      'test("greet names whom it greets", () => {',
      '  assert.equal(greet("Ada"), "Hello, Ada!");',
      "});",
      "",
    ].join("\n"),
  };
}

function solidityContract(parameters: TemplateParameters): Record<string, string> {
  const { name, licence } = parameters;
  const contract = contractNameOf(name)!;
  const description = `${name}: a Solidity contract.`;
  return {
    [BUNDLE_MANIFEST_FILE]: manifest(parameters, {
      description,
      content: { files: ["README.md", "foundry.toml"], globs: ["src/**/*.sol", "test/**/*.sol"] },
    }),
    "foundry.toml": '[profile.default]\nsrc = "src"\ntest = "test"\n',
    "README.md": readme(name, description, "forge test"),
    [`src/${contract}.sol`]: [
      `// SPDX-License-Identifier: ${licence}`,
      "pragma solidity ^0.8.24;",
      "",
      `/// @title ${contract}`,
      "/// @notice Counts calls to `increment`.",
      `contract ${contract} {`,
      "    /// @notice How many times `increment` was called.",
      "    uint256 public count;",
      "",
      "    /// @notice Emitted when the count goes up.",
      "    event Incremented(uint256 count);",
      "",
      "    /// @notice Adds one to the count.",
      "    function increment() external {",
      "        emit Incremented(++count);",
      "    }",
      "}",
      "",
    ].join("\n"),
    [`test/${contract}.t.sol`]: [
      `// SPDX-License-Identifier: ${licence}`,
      "pragma solidity ^0.8.24;",
      "",
      `import {${contract}} from "../src/${contract}.sol";`,
      "",
      "/// Run by `forge test` and `hardhat test solidity`: each `test` function is a test, a revert its failure.",
      `contract ${contract}Test {`,
      `    ${contract} private counter;`,
      "",
      "    function setUp() public {",
      `        counter = new ${contract}();`,
      "    }",
      "",
      "    function testIncrementAddsOne() public {",
      "        counter.increment();",
      '        require(counter.count() == 1, "one increment counts one");',
      "    }",
      "}",
      "",
    ].join("\n"),
  };
}
