/**
 * The pinned solhint rules the scorer lints Solidity changes with. Listed
 * explicitly rather than extending `solhint:recommended`, whose contents change
 * between solhint versions; rules that read the file system (`import-path-check`)
 * or depend on the compiler choice (`compiler-version`) are left out so that a
 * result depends only on the source text. Documentation is measured by the docs
 * metric and complexity by the complexity metric, so `use-natspec` and
 * `code-complexity` are not lint rules here.
 */

/** A solhint config object, as `processStr` takes it. */
export type SolhintConfig = { rules: Readonly<Record<string, string | readonly unknown[]>> };

/** The rules, all at severity `error` (every finding counts the same). */
export const SOLHINT_CONFIG: SolhintConfig = Object.freeze({
  rules: Object.freeze({
    // Security
    "avoid-sha3": "error",
    "avoid-suicide": "error",
    "avoid-throw": "error",
    "avoid-tx-origin": "error",
    "check-send-result": "error",
    "func-visibility": ["error", { ignoreConstructors: true }],
    "multiple-sends": "error",
    "no-complex-fallback": "error",
    reentrancy: "error",
    "state-visibility": "error",
    // Best practices
    "no-console": "error",
    "no-empty-blocks": "error",
    "no-global-import": "error",
    "no-unused-import": "error",
    "no-unused-vars": "error",
    "explicit-types": ["error", "explicit"],
    "max-line-length": ["error", 120],
    "reason-string": ["error", { maxLength: 64 }],
    "gas-custom-errors": "error",
    "duplicated-imports": "error",
    // Style and naming
    quotes: ["error", "double"],
    "const-name-snakecase": "error",
    "contract-name-capwords": "error",
    "event-name-capwords": "error",
    "func-name-mixedcase": "error",
    "modifier-name-mixedcase": "error",
    "var-name-mixedcase": "error",
    "visibility-modifier-order": "error",
    "imports-on-top": "error",
  }),
});
