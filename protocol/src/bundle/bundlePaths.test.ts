import assert from "node:assert/strict";
import { posix } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";

import { compileGlob, globProblem, relativePathProblem } from "./bundlePaths.ts";

describe("relativePathProblem", () => {
  test("accepts a normal relative path and names what is wrong with any other", () => {
    assert.equal(relativePathProblem("src/index.ts"), undefined);
    assert.match(relativePathProblem("../x")!, /leaves the manifest's directory/);
    assert.match(relativePathProblem("src/../../x")!, /leaves the manifest's directory/);
    assert.match(relativePathProblem("/etc/passwd")!, /is absolute/);
    assert.match(relativePathProblem("src\\a.ts")!, /backslash/);
    assert.match(relativePathProblem("./a.ts")!, /\. segment/);
    assert.match(relativePathProblem("src//a.ts")!, /empty segment/);
    assert.match(relativePathProblem("src/")!, /empty segment/);
    assert.match(relativePathProblem("")!, /is empty/);
  });
});

describe("globProblem", () => {
  test("accepts the supported syntax and refuses the rest with a reason", () => {
    for (const glob of ["src/**/*.ts", "!**/*.test.ts", "{src,test}/*.{ts,tsx}", ".github/**", "a?c"]) {
      assert.equal(globProblem(glob), undefined, glob);
    }
    assert.match(globProblem("src/[ab].ts")!, /\[ \]/);
    assert.match(globProblem("src/{a,{b,c}}")!, /nests/);
    assert.match(globProblem("src/{a")!, /does not close/);
    assert.match(globProblem("src/a}")!, /did not open/);
    assert.match(globProblem("src/a!b")!, /! after its start/);
    assert.match(globProblem("src/a**")!, /\*\* stands alone/);
    assert.match(globProblem("../**")!, /leaves the manifest's directory/);
    assert.match(globProblem("{../x,y}")!, /leaves the manifest's directory/);
  });
});

describe("compileGlob", () => {
  test("matches as documented: one segment, any segments, alternatives, hidden names only when named", () => {
    const cases: [string, string, boolean][] = [
      ["src/**/*.ts", "src/index.ts", true],
      ["src/**/*.ts", "src/a/b/c.ts", true],
      ["src/**/*.ts", "src/.hidden/c.ts", false],
      ["src/*.ts", "src/a/b.ts", false],
      ["*.json", ".eslintrc.json", false],
      [".github/**", ".github/workflows/ci.yml", true],
      ["src/*.{ts,tsx}", "src/app.tsx", true],
      ["a?c", "abc", true],
      ["a?c", "a/c", false],
      ["src/**", "src", false],
      ["**", "a/b", true],
    ];
    for (const [glob, path, expected] of cases) assert.equal(compileGlob(glob).matches(path), expected, glob);
    assert.equal(compileGlob("!src/**").negated, true);
    assert.equal(compileGlob("!src/**").matches("src/a.ts"), true);
  });

  test("says which directories could hold a match, so a walk skips the others", () => {
    const glob = compileGlob("src/**/*.ts");
    assert.equal(glob.mayMatchBelow("src"), true);
    assert.equal(glob.mayMatchBelow("src/deep/er"), true);
    assert.equal(glob.mayMatchBelow("node_modules"), false);
    assert.equal(glob.mayMatchBelow("src/.cache"), false);
    assert.equal(compileGlob("*.ts").mayMatchBelow("src"), false);
  });

  const name = fc.constantFrom("a", "b", "a.ts", "b.sol", ".h", ".h.ts", "ab");
  const pathArbitrary = fc.array(name, { minLength: 1, maxLength: 4 }).map((segments) => segments.join("/"));
  const globSegment = fc.constantFrom("*", "**", "?", "a", "*.ts", ".h", "a*", "{a,b}", "*.{ts,sol}", ".*");
  const globArbitrary = fc
    .array(globSegment, { minLength: 1, maxLength: 4 })
    .map((segments) => segments.join("/"))
    .filter((glob) => globProblem(glob) === undefined);

  // Node 24's matchesGlob answers false for `**/X/**/.name` on `X/.name` (and `X/Y/.name`) although it matches
  // `**/X/.name` and `X/**/.name` there: the literal dot segment is matched explicitly, so no `**` has to match a
  // dotfile. Measured over every glob and path of the arbitraries below, that shape is the only disagreement; this
  // matcher keeps the consistent answer, pinned here, and the shape is left out of the comparison.
  const nodeGlobstarQuirk = /^\*\*\/[^/]+\/\*\*\/\.[^/]*$/;

  test("matches a dot segment named literally after two globstars, where Node's matchesGlob does not", () => {
    for (const [glob, path] of [
      ["**/a/**/.h", "a/.h"],
      ["**/.h/**/.h", ".h/.h"],
      ["**/*/**/.h", "a/b/.h"],
    ] as const) {
      assert.ok(nodeGlobstarQuirk.test(glob), glob);
      assert.equal(compileGlob(glob).matches(path), true, `${glob} on ${path}`);
    }
  });

  test("agrees with Node's path.matchesGlob on the syntax both read", () => {
    fc.assert(
      fc.property(
        globArbitrary.filter((glob) => !nodeGlobstarQuirk.test(glob)),
        pathArbitrary,
        (glob, path) => {
          assert.equal(compileGlob(glob).matches(path), posix.matchesGlob(path, glob), `${glob} on ${path}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test("a directory it says nothing below can match holds no match", () => {
    fc.assert(
      fc.property(globArbitrary, pathArbitrary, (glob, path) => {
        const compiled = compileGlob(glob);
        const segments = path.split("/");
        for (let i = 1; i < segments.length; i++) {
          if (!compiled.mayMatchBelow(segments.slice(0, i).join("/"))) assert.equal(compiled.matches(path), false);
        }
      }),
    );
  });
});
