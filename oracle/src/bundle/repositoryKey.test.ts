import assert from "node:assert/strict";
import { test } from "node:test";

import { repositoryKey } from "./repositoryKey.ts";

test("the spellings package.json, .gitmodules and bundle manifests use for one repository have one key", () => {
  const spellings = [
    "https://github.com/TanStack/query",
    "https://github.com/TanStack/query.git",
    "git+https://github.com/TanStack/query.git",
    "git://github.com/TanStack/query.git",
    "ssh://git@github.com/TanStack/query.git",
    "git@github.com:TanStack/query.git",
    "github:TanStack/query",
    "TanStack/query",
    "https://github.com/TanStack/query/tree/main/packages/react-query",
    "https://github.com/TanStack/query#v5",
  ];
  for (const spelling of spellings) assert.equal(repositoryKey(spelling), "github.com/tanstack/query", spelling);
  assert.equal(repositoryKey("gitlab:group/project"), "gitlab.com/group/project");
  assert.equal(repositoryKey("github:octokit/request.js"), "github.com/octokit/request.js");
});

test("what names no repository has no key", () => {
  for (const spec of ["", "not a url", "https://example.com/", "https://example.com/only-one", "file:///tmp/x"]) {
    assert.equal(repositoryKey(spec), undefined, spec);
  }
});
