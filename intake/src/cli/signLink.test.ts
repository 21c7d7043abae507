import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidArgumentError, selfManagedHost } from "@coherence/protocol";

import { signLink } from "./signLink.ts";

// A key and a chain that would be used if the host were taken: nothing listens on the port, so any read of the
// chain would fail otherwise than the host's error does.
const ENV = {
  CCN_PRIVATE_KEY: `0x${"11".repeat(32)}`,
  CCN_RPC_URL: "http://127.0.0.1:19570",
};

describe("npm run intake -- link --host", () => {
  test("refuses a host the Forge accounts page refuses, in its words, before reading the chain or signing", async () => {
    for (const [forge, typed] of [
      ["gitlab", "https://gitlab.example.org/"],
      ["gitlab", "gitlab example.org"],
      ["gitlab", "gitlab.com"],
      ["github", "GitHub.com"],
      ["github", ""],
      ["gitlab", "gitlab.example.org:70000"],
    ] as const) {
      const checked = selfManagedHost(typed);
      assert.ok("problem" in checked, typed);
      await assert.rejects(signLink(["--login", "ada", "--forge", forge, "--host", typed], ENV), (error) => {
        assert.ok(error instanceof InvalidArgumentError, String(error));
        assert.equal(error.message, `--host ${typed}: ${checked.problem}`);
        return true;
      });
    }
  });

  test("a self-managed host the rule takes goes on to the chain, as the hosted forges do", async () => {
    for (const args of [
      ["--forge", "gitlab", "--host", "GitLab.Example.org"],
      ["--forge", "github", "--host", "ghe.example.com:8443"],
      ["--forge", "gitlab"],
    ])
      await assert.rejects(
        signLink(["--login", "ada", ...args], { ...ENV, CCN_RPC_URL: "" }),
        /CCN_RPC_URL is not set/,
      );
  });
});
