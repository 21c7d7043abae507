/**
 * A new comment on an issue or pull request of a repository the App is installed on, read for a `/ccn` command:
 * a link (verified against the address's signature, and authenticated as the account by being its comment), an
 * unlink, or a maintainer's approval of what a gate held back on that pull request.
 */
import type { EmitterWebhookEvent } from "@octokit/webhooks";

import { canWrite } from "../forge/forge.ts";
import { ccnCommand } from "../links/ccnCommand.ts";
import { GITHUB_FORGE, verifyForgeLink } from "../links/forgeLink.ts";
import { type Delivery, type DeliveryOutcome, NO_OUTCOME, type Refusal } from "../store/intakeStore.ts";
import type { IntakeContext } from "./intakeContext.ts";

type CreatedComment = EmitterWebhookEvent<"issue_comment.created">["payload"];

export async function processComment(
  context: IntakeContext,
  delivery: Delivery,
  payload: CreatedComment,
): Promise<DeliveryOutcome> {
  const command = ccnCommand(payload.comment.body);
  if (command === undefined) return NO_OUTCOME;
  const user = payload.comment.user;
  if (user === null) return NO_OUTCOME;
  const login = user.login;
  const refused = (stage: Refusal["stage"], code: string, reason: string): DeliveryOutcome => ({
    ...NO_OUTCOME,
    refusals: [{ deliveryId: delivery.id, stage, code, subject: login, reason }],
  });

  switch (command.kind) {
    case "malformed":
      return refused("link", "malformed-command", command.reason);
    case "link": {
      const statement = { forge: GITHUB_FORGE, login, account: command.address };
      if (!(await verifyForgeLink(context.client, statement, command.signature)))
        return refused(
          "link",
          "link-bad-signature",
          `the signature is not ${command.address}'s over ForgeLink(${GITHUB_FORGE}, ${login}, ${command.address})`,
        );
      return {
        ...NO_OUTCOME,
        links: [
          {
            forge: "github",
            accountId: String(user.id),
            login,
            address: command.address,
            statement: JSON.stringify(statement),
            signature: command.signature,
            linkedAt: delivery.receivedAt,
            revokedAt: undefined,
          },
        ],
      };
    }
    case "unlink":
      return { ...NO_OUTCOME, unlinks: [{ forge: "github", accountId: String(user.id), at: delivery.receivedAt }] };
    case "approve": {
      const repository = `github.com/${payload.repository.full_name}`;
      if (payload.issue.pull_request === undefined)
        return refused("gate", "approve-not-pull-request", `${repository}#${payload.issue.number} is an issue`);
      if (payload.installation === undefined)
        return refused("delivery", "no-installation", "the delivery names no GitHub App installation");
      const api = await context.forge.repository(
        payload.installation.id,
        payload.repository.owner.login,
        payload.repository.name,
      );
      const permission = await api.permission(login);
      if (!canWrite(permission))
        return refused("gate", "approve-without-write-access", `${login} has ${permission} access to ${repository}`);
      return { ...NO_OUTCOME, approvals: [{ repository, pullRequest: payload.issue.number }] };
    }
  }
}
