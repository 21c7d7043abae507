import assert from "node:assert/strict";
import { test } from "node:test";

import { basicAuthorization, credentialsRefusal, fetchEnvironment } from "./fetchAuthorization.ts";

const URL = "https://github.com/octo-org/lib.git";

test("the credentials go to git as one more environment setting for the clone URL, after any it already has", () => {
  const authorization = basicAuthorization("x-access-token", "ghs_x");
  assert.equal(authorization, `Basic ${Buffer.from("x-access-token:ghs_x").toString("base64")}`);
  const env = fetchEnvironment(URL, authorization, {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "a.b",
    GIT_CONFIG_VALUE_0: "c",
  });
  assert.deepEqual(env, {
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_COUNT: "2",
    GIT_CONFIG_KEY_0: "a.b",
    GIT_CONFIG_VALUE_0: "c",
    GIT_CONFIG_KEY_1: `http.${URL}.extraHeader`,
    GIT_CONFIG_VALUE_1: `Authorization: ${authorization}`,
  });
  assert.deepEqual(fetchEnvironment(URL, undefined, {}), { GIT_TERMINAL_PROMPT: "0" }, "none: git never prompts");
});

test("a fetch the server refused for its credentials is told apart from other failures", () => {
  const refused = "fatal: could not read Username for 'https://github.com': terminal prompts disabled";
  assert.match(credentialsRefusal(refused, true) ?? "", /^the forge refused the intake's credentials/);
  assert.match(credentialsRefusal(refused, false) ?? "", /needs credentials, and the intake has none/);
  assert.equal(credentialsRefusal("fatal: remote error: upload-pack: not our ref 1234", true), undefined);
});
