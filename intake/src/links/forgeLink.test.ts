import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FORGE_HOSTS, forgeHostOf } from "./forgeLink.ts";

describe("forgeHostOf", () => {
  test("names a repository's forge by the host its name starts with, a self-managed one's own", () => {
    assert.equal(forgeHostOf("github.com/octo-org/lib"), FORGE_HOSTS.github);
    assert.equal(forgeHostOf("gitlab.com/group/sub/project"), FORGE_HOSTS.gitlab);
    assert.equal(forgeHostOf("gitlab.example.org/group/project"), "gitlab.example.org");
    assert.equal(forgeHostOf("ghe.example.com:8443/o/r"), "ghe.example.com:8443");
  });
});
