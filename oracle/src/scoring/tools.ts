/**
 * The tools a measured score depends on, with their versions and (for the
 * linters) a hash of the pinned rules, so anyone can re-run a score with the
 * same tools. Git is not listed: the diff options are pinned (see diff.ts) and
 * git's output for them is stable across versions, while listing the machine's
 * git version would make records differ between machines.
 */
import { createRequire } from "node:module";
import { canonicalJson, type JsonValue } from "@coherence/protocol";
import { type Hex, keccak256, toBytes } from "viem";
import { SOLIDITY_PARSER_VERSION } from "./analyzeSolidity.ts";
import { eslintRulesDescription } from "./eslintConfig.ts";
import { SOLHINT_CONFIG } from "./solhintConfig.ts";

/** A tool and its version; `configHash` is keccak256 of the canonical JSON of its pinned rules. */
export type ToolVersion = { name: string; version: string; configHash?: Hex };

const require = createRequire(import.meta.url);

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function hashOf(value: unknown): Hex {
  return keccak256(toBytes(canonicalJson(value as JsonValue)));
}

let cached: readonly ToolVersion[] | undefined;

/**
 * The scorer's tools, sorted by name: ESLint (with the config hash of
 * eslintConfig.ts), @eslint/js, typescript-eslint, TypeScript (parser of the
 * JS/TS analysis), solhint (with the config hash of solhintConfig.ts) and
 * @solidity-parser/parser (Solidity analysis).
 */
export function scoringTools(): readonly ToolVersion[] {
  cached ??= Object.freeze(
    [
      { name: "@eslint/js", version: versionOf("@eslint/js") },
      { name: "@solidity-parser/parser", version: SOLIDITY_PARSER_VERSION },
      { name: "eslint", version: versionOf("eslint"), configHash: hashOf(eslintRulesDescription()) },
      { name: "solhint", version: versionOf("solhint"), configHash: hashOf(SOLHINT_CONFIG) },
      { name: "typescript", version: versionOf("typescript") },
      { name: "typescript-eslint", version: versionOf("typescript-eslint") },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)),
  );
  return cached;
}
