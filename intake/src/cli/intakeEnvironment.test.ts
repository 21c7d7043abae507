import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidArgumentError } from "@coherence/protocol";

import { intakeEnvironment } from "./intakeEnvironment.ts";

/** What every intake needs besides its forges. */
const BASE = {
  CCN_RPC_URL: "http://127.0.0.1:8545",
  CCN_INTAKE_COSTS_DIR: "/tmp/costs",
  CCN_ATTESTER_PRIVATE_KEY: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
};

const refusal = (pattern: RegExp) => (error: unknown) =>
  error instanceof InvalidArgumentError && pattern.test(error.message);

test("GitLab alone: taken when its settings are set, gitlab.com unless told; GitHub's absent", async () => {
  const settings = await intakeEnvironment({ ...BASE, CCN_GITLAB_TOKEN: "glpat-x", CCN_GITLAB_WEBHOOK_SECRET: "s" });
  assert.equal(settings.github, undefined);
  assert.deepEqual(settings.gitlab, { token: "glpat-x", host: "https://gitlab.com", webhookSecret: "s" });
  const selfManaged = await intakeEnvironment({
    ...BASE,
    CCN_GITLAB_TOKEN: "glpat-x",
    CCN_GITLAB_WEBHOOK_SECRET: "s",
    CCN_GITLAB_API_URL: "https://gitlab.example.com",
  });
  assert.equal(selfManaged.gitlab?.host, "https://gitlab.example.com");
});

test("both forges at once", async () => {
  const settings = await intakeEnvironment({
    ...BASE,
    CCN_GITHUB_APP_ID: "1",
    CCN_GITHUB_PRIVATE_KEY: "pem",
    CCN_GITHUB_WEBHOOK_SECRET: "gh",
    CCN_GITLAB_TOKEN: "glpat-x",
    CCN_GITLAB_WEBHOOK_SECRET: "gl",
  });
  assert.equal(settings.github?.webhookSecret, "gh");
  assert.equal(settings.gitlab?.webhookSecret, "gl");
});

test("a forge's setting without the others names the missing one", async () => {
  await assert.rejects(
    intakeEnvironment({ ...BASE, CCN_GITLAB_TOKEN: "glpat-x" }),
    refusal(/^CCN_GITLAB_WEBHOOK_SECRET is not set: the secret token of the GitLab projects' webhook/),
  );
  await assert.rejects(
    intakeEnvironment({ ...BASE, CCN_GITLAB_WEBHOOK_SECRET: "s" }),
    refusal(/^CCN_GITLAB_TOKEN is not set: a GitLab access token with api on/),
  );
  await assert.rejects(
    intakeEnvironment({ ...BASE, CCN_GITHUB_WEBHOOK_SECRET: "gh", CCN_GITHUB_PRIVATE_KEY: "pem" }),
    refusal(/^CCN_GITHUB_APP_ID is not set/),
  );
});

test("no forge at all is refused, naming both forges' settings", async () => {
  await assert.rejects(
    intakeEnvironment({ ...BASE }),
    refusal(
      /no forge is configured: set the GitHub App's \(CCN_GITHUB_APP_ID, CCN_GITHUB_PRIVATE_KEY, CCN_GITHUB_WEBHOOK_SECRET\) or GitLab's \(CCN_GITLAB_TOKEN, CCN_GITLAB_WEBHOOK_SECRET\)/,
    ),
  );
});

test("browsers: no origin may call the intake unless CCN_INTAKE_CORS_ORIGINS names it; each must be an origin", async () => {
  const forge = { CCN_GITLAB_TOKEN: "glpat-x", CCN_GITLAB_WEBHOOK_SECRET: "s" };
  assert.deepEqual((await intakeEnvironment({ ...BASE, ...forge })).corsOrigins, []);
  const settings = await intakeEnvironment({
    ...BASE,
    ...forge,
    CCN_INTAKE_CORS_ORIGINS: "http://127.0.0.1:5173, https://app.example",
  });
  assert.deepEqual(settings.corsOrigins, ["http://127.0.0.1:5173", "https://app.example"]);
  await assert.rejects(
    intakeEnvironment({ ...BASE, ...forge, CCN_INTAKE_CORS_ORIGINS: "https://app.example/claims" }),
    refusal(/CCN_INTAKE_CORS_ORIGINS: "https:\/\/app.example\/claims" is not an origin/),
  );
});
