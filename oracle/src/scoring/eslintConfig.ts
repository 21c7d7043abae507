/**
 * The pinned ESLint flat config the scorer lints JS/TS changes with. It is
 * built here rather than read from the measured repository: a contributor must
 * not be able to switch rules off for their own score. Its rules are hashed
 * into the score record (`tools[].configHash`) so a change is visible.
 *
 * Presets: `@eslint/js` recommended for all JS/TS, `typescript-eslint`
 * recommended (syntax-only, no type information) for TS, plus the rules below.
 * `no-undef` is off: whether a global exists depends on the runtime, which the
 * scorer does not know (TypeScript checks it for TS).
 */
import js from "@eslint/js";
import type { Linter } from "eslint";
import tseslint from "typescript-eslint";

const ALL = ["**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}"];
const TS = ["**/*.{ts,mts,cts,tsx}"];

/** Rules on top of the presets: correctness and readability habits worth a finding. */
export const EXTRA_RULES: Linter.RulesRecord = {
  "no-undef": "off",
  eqeqeq: ["error", "always"],
  "no-var": "error",
  "prefer-const": "error",
  "no-eval": "error",
  "no-implied-eval": "error",
  "no-new-func": "error",
  "no-param-reassign": "error",
  "no-nested-ternary": "error",
  "no-else-return": "error",
  "no-lonely-if": "error",
  "max-depth": ["error", 4],
  "max-params": ["error", 5],
  "max-nested-callbacks": ["error", 4],
  "no-console": "error",
  curly: ["error", "multi-line"],
};

/** The flat config array; JS files use ESLint's own parser (espree), TS files typescript-eslint's. */
export const ESLINT_CONFIG: Linter.Config[] = [
  { name: "coherence/js-recommended", files: ALL, ...js.configs.recommended },
  ...(tseslint.configs.recommended as Linter.Config[]).map((config) => ({ ...config, files: config.files ?? TS })),
  {
    name: "coherence/language",
    files: ALL,
    languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" },
  },
  { name: "coherence/extra", files: ALL, rules: EXTRA_RULES },
];

/**
 * The JSON-able part of {@link ESLINT_CONFIG} (names, file globs, rules), which
 * is what the config hash of the lint tool covers; parser objects are covered by
 * the recorded package versions.
 */
export function eslintRulesDescription(): unknown {
  return JSON.parse(
    JSON.stringify(
      ESLINT_CONFIG.map((c) => ({ name: c.name ?? null, files: c.files ?? null, rules: c.rules ?? null })),
    ),
  );
}
