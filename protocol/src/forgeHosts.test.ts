import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { HOSTED_FORGES, selfManagedHost } from "./forgeHosts.ts";

describe("a self-managed forge's host", () => {
  test("is a bare host name, with an optional port, lower case as repositories are named under it", () => {
    assert.deepEqual(selfManagedHost("gitlab.example.org"), { host: "gitlab.example.org" });
    assert.deepEqual(selfManagedHost("  GitLab.Example.ORG "), { host: "gitlab.example.org" });
    assert.deepEqual(selfManagedHost("git.internal:8443"), { host: "git.internal:8443" });
    assert.deepEqual(selfManagedHost("gitlab"), { host: "gitlab" });
  });

  test("anything else is refused, saying what to type", () => {
    assert.deepEqual(selfManagedHost(""), {
      problem: "Enter the host your forge's repositories are named under, such as gitlab.example.org.",
    });
    for (const typed of [
      "https://gitlab.example.org/",
      "gitlab.example.org/group/project",
      "http://gitlab.example.org",
    ])
      assert.deepEqual(selfManagedHost(typed), {
        problem: "Enter the host alone, without a scheme or path: gitlab.example.org.",
      });
    for (const typed of ["gitlab example.org", "-gitlab.example.org", "gitlab..example.org", "ada@gitlab.example.org"])
      assert.deepEqual(selfManagedHost(typed), {
        problem: `"${typed}" is not a host name: letters, digits and hyphens in dot-separated parts, and an optional :port, such as gitlab.example.org.`,
      });
    for (const typed of ["gitlab.example.org:70000", "gitlab.example.org:0", "gitlab.example.org.", "a".repeat(254)])
      assert.ok("problem" in selfManagedHost(typed), typed);
  });

  test("a hosted forge's own host is not a self-managed one", () => {
    for (const host of Object.values(HOSTED_FORGES))
      assert.deepEqual(selfManagedHost(host.toUpperCase()), {
        problem: `${host} is the hosted forge, not a self-managed one: choose it as such.`,
      });
  });
});
