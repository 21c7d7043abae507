/**
 * End to end for the forge intake's pages, on the stack app.e2e.ts started, with the intake itself running (as
 * `npm start` runs it: its own process, GitHub's API replayed over a real git repository, signed webhooks over HTTP)
 * on the port the app was built for. Ada owns the asset her repository opts in to, with a rate limit of one
 * contribution: her linked account's first pull request claims more per changed line than the repository allows
 * (held), her second is over the rate limit (refused), her third she approved herself (refused as a whole). My
 * contributions shows each with its reason, the last as her pull request; on Intake she reads the repository's gates
 * and approves the held one with her wallet's signature, and it is attested on-chain and shown so.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, test } from "node:test";
import { accountOf, createdComment, forgeAccount, type LocalForge, startLocalForge } from "@coherence/intake/testing";

import type { OwnerTestHelpers } from "./owners.ts";
import { RESULTS_DIR } from "./support/paths.ts";

/** Registers the intake pages' test; the app was built for the intake at `intakePort`. */
export function intakeTests(h: OwnerTestHelpers, intakePort: () => number): void {
  let forge: LocalForge | undefined;
  after(async () => {
    await forge?.stop();
  });

  test("My contributions and Intake: unreachable said; held (with why) and refused (stage, code, reason) shown; the owner approves the held work from the page and it is attested", async () => {
    const { chain } = h.stack();
    const ada = accountOf("ada").address;
    const page = await h.newPage({ wallet: { account: ada } });
    // What the browser said (a CORS refusal is only said there), for a failure's message.
    const said: string[] = [];
    page.on("console", (message) => said.push(`${message.type()}: ${message.text()}`));
    const showing = async (step: () => Promise<void>) => {
      try {
        await step();
      } catch (error) {
        const text = await page.locator("main").textContent();
        throw new Error(`${(error as Error).message}\nthe page shows:\n${text}\nconsole:\n${said.join("\n")}`);
      }
    };
    await page.goto(`${h.appUrl()}/#/my-contributions`);
    await page.getByRole("button", { name: "Connect E2E Test Wallet" }).click();
    // Nothing listens on the intake's port yet.
    await h.expectText(page.getByTestId("intake-unreachable"), /cannot be reached/);

    forge = await startLocalForge({
      rpcUrl: chain.rpcUrl,
      deployment: chain.deployment,
      deploymentsDir: chain.deploymentsDir,
      work: path.join(h.stack().workDir, "intake"),
      port: intakePort(),
      logFile: path.join(RESULTS_DIR, "logs", "intake.log"),
    });
    const [repo, replay] = await forge.optedInRepository("lib", "ada", {
      rateLimit: { count: 1, windowSeconds: 31_536_000 },
    });
    await forge.startIntake({ relayed: false, env: { CCN_INTAKE_CORS_ORIGINS: new URL(h.appUrl()).origin } });
    const repository = forge.repositoryPayload("lib");
    const body = await forge.linkComment("ada");
    await forge.deliver("issue_comment", createdComment({ repository, number: 1, author: forgeAccount("ada"), body }));
    const links = await forge.waitLinksSettled();
    assert.deepEqual(
      links.map((l) => l.onChain),
      ["linked"],
      "ada's account is linked on-chain",
    );
    const reviews = [{ by: "linus" as const, state: "APPROVED" as const }];
    // $80.00 for 2 changed lines: over the default $10.00 a line, so held for the owner.
    const dear = await forge.pullRequest(repo, replay, 2, { author: "ada", lines: 2, reviews });
    await forge.deliver("pull_request", forge.closed(dear, "ada", repository));
    const limited = await forge.pullRequest(repo, replay, 3, { author: "ada", lines: 40, reviews });
    await forge.deliver("pull_request", forge.closed(limited, "ada", repository));
    // Approved only by ada herself: the whole pull request is refused, and shown to her as hers.
    const own = await forge.pullRequest(repo, replay, 4, {
      author: "ada",
      lines: 10,
      reviews: [{ by: "ada", state: "APPROVED" }],
    });
    await forge.deliver("pull_request", forge.closed(own, "ada", repository));
    const held = (await forge.contributions()).filter((c) => c.pullRequest === 2);
    assert.deepEqual(
      held.map((c) => c.state),
      ["held"],
    );
    const refusal = (await forge.refusals()).find((r) => r.code === "rate-limited");
    assert.ok(refusal, "the second pull request is refused by the rate limit");
    await h.stack().synced();

    // The page asks again by itself: the intake is reachable now, and the indexer has ada's link.
    await showing(() => h.expectText(page.getByTestId("intake-logins"), "ada on github"));
    await h.expectText(page.getByTestId("intake-held"), "github.com/octo-org/lib#2");
    await h.expectText(page.getByTestId("intake-held").getByTestId("held-reason"), held[0]!.heldReason!);
    // Newest first: the self-approved pull request's refusal comes before the rate limit's.
    const refused = page
      .getByTestId("intake-refused")
      .locator('[data-testid="intake-refusal"][data-code="rate-limited"]');
    await h.expectText(refused, "gate: rate-limited");
    await h.expectText(refused.getByTestId("refusal-reason"), refusal.reason);
    const whole = page
      .getByTestId("intake-refused")
      .locator('[data-testid="intake-refusal"][data-code="self-approved"]');
    await h.expectText(
      whole.getByTestId("refusal-title"),
      "Your pull request #4 in github.com/octo-org/lib was refused:",
    );
    await h.expectText(whole.getByTestId("refusal-reason"), "approved only by its own author or co-authors");
    await h.shot(page, "my-contributions");
    const mine = await h.seriousViolations(page);
    assert.deepEqual(mine, [], `axe-core found on My contributions:\n${mine.join("\n")}`);

    await page.getByRole("link", { name: "Intake", exact: true }).click();
    const panel = page.locator('[data-testid="intake-repository"][data-repository="github.com/octo-org/lib"]');
    await h.expectText(panel.getByTestId("intake-counts"), /0 pending, 1 held, 0 attested, 1 refused/);
    const gates = panel.getByTestId("intake-gates");
    await h.expectText(gates, "Each contributor has at most 1 contribution taken in any 365 days; more are refused.");
    await h.expectText(
      gates,
      "A change request claiming more than $10.00 per changed line is held until you approve it.",
    );
    await h.expectText(panel.getByTestId("held-change"), "github.com/octo-org/lib#2");
    await h.shot(page, "intake-held");
    const maintainer = await h.seriousViolations(page);
    assert.deepEqual(maintainer, [], `axe-core found on Intake:\n${maintainer.join("\n")}`);
    await panel.getByTestId("approve").click();
    await h.expectText(page.getByTestId("approve-done"), "Approved github.com/octo-org/lib#2");
    await h.expectText(page.getByTestId("approve-done"), "1 held contribution released");
    await panel.getByTestId("intake-nothing-held").waitFor({ timeout: h.wait });

    await forge.waitAttested(held.map((c) => c.id));
    const [attested] = (await forge.contributions()).filter((c) => c.pullRequest === 2);
    assert.ok(attested?.transactionHash, "the intake names the attestation's transaction");
    const receipt = await h.client().getTransactionReceipt({ hash: attested.transactionHash });
    assert.equal(receipt.status, "success", "attested on-chain");
    await h.expectText(panel.getByTestId("intake-counts"), /0 pending, 0 held, 1 attested/);
    await page.getByRole("link", { name: "My contributions", exact: true }).click();
    const shown = page.getByTestId("intake-attested").getByTestId("intake-contribution");
    await h.expectText(shown, "github.com/octo-org/lib#2");
    assert.equal(await shown.getAttribute("data-id"), attested.id);
    await h.shot(page, "my-contributions-attested");
  });
}
