import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { MalformedFieldError } from "../errors.ts";
import { selectBundlePaths } from "./selectBundlePaths.ts";

const MANIFEST = "coherence.bundle.json";
const PATHS = [MANIFEST, "README.md", "src/a.ts", "src/a.test.ts", "src/ui/b.tsx", ".github/ci.yml"];

const refused = (field: string, problem: RegExp) => (e: unknown) =>
  e instanceof MalformedFieldError && e.field === field && problem.test(e.problem);

describe("selectBundlePaths", () => {
  test("takes listed files and what the globs match, minus exclusions, sorted, never the manifest", () => {
    assert.deepEqual(
      selectBundlePaths({ files: ["README.md"], globs: ["src/**/*.{ts,tsx}", "!**/*.test.ts"] }, PATHS, MANIFEST),
      ["README.md", "src/a.ts", "src/ui/b.tsx"],
    );
    assert.deepEqual(selectBundlePaths({ globs: ["*"] }, PATHS, MANIFEST), ["README.md"]);
  });

  test("a listed file is kept even where an exclusion matches it: exclusions narrow globs", () => {
    assert.deepEqual(
      selectBundlePaths({ files: ["src/a.test.ts"], globs: ["src/*.ts", "!**/*.test.ts"] }, PATHS, MANIFEST),
      ["src/a.test.ts", "src/a.ts"],
    );
  });

  test("names the field of a missing file, the manifest as its own content, and a glob that matches nothing", () => {
    assert.throws(
      () => selectBundlePaths({ files: ["README.md", "LICENSE"] }, PATHS, MANIFEST),
      refused("content.files[1]", /LICENSE does not exist/),
    );
    assert.throws(
      () => selectBundlePaths({ files: [MANIFEST] }, PATHS, MANIFEST),
      refused("content.files[0]", /is the manifest itself/),
    );
    assert.throws(
      () => selectBundlePaths({ globs: ["src/*.ts", "docs/**"] }, PATHS, MANIFEST),
      refused("content.globs[1]", /"docs\/\*\*" matches no file/),
    );
  });
});
