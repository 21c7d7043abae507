/**
 * A new comment on an issue or change request of a repository the App is installed on, read for a `/ccn`
 * command: a link (verified against the address's signature over the statement with the registry's current nonce,
 * and authenticated as the account by being its comment), an unlink, or a maintainer's approval of what a gate held
 * back on that change request, or a `/ccn preview` of it (`processOpenChange.ts`). Links and unlinks kept here are then recorded on-chain by `linkRecorder.ts`.
 */
import type { ChangeComment } from "../forge/change.ts";
import { canWrite } from "../forge/forge.ts";
import { ccnCommand } from "../links/ccnCommand.ts";
import { forgeHostOf, linkRegistryOf, nextLinkStatement, statementText, verifyForgeLink } from "../links/forgeLink.ts";
import { type Delivery, type DeliveryOutcome, NO_OUTCOME, type Refusal } from "../store/intakeStore.ts";
import type { IntakeContext } from "./intakeContext.ts";
import { processOpenChange } from "./processOpenChange.ts";

export async function processComment(
  context: IntakeContext,
  delivery: Delivery,
  comment: ChangeComment,
): Promise<DeliveryOutcome> {
  const command = ccnCommand(comment.body);
  if (command === undefined) return NO_OUTCOME;
  const { login, accountId } = comment.author;
  const refused = (stage: Refusal["stage"], code: string, reason: string): DeliveryOutcome => ({
    ...NO_OUTCOME,
    refusals: [{ deliveryId: delivery.id, stage, code, subject: login, reason, host: forgeHostOf(comment.repository) }],
  });

  switch (command.kind) {
    case "malformed":
      return refused("link", "malformed-command", command.reason);
    case "link": {
      const forge = forgeHostOf(comment.repository);
      const registry = linkRegistryOf(context.deployment);
      const statement = await nextLinkStatement(context.client, registry, { forge, login, account: command.address });
      if (!(await verifyForgeLink(context.client, registry, statement, command.signature)))
        return refused(
          "link",
          "link-bad-signature",
          `the signature is not ${command.address}'s over ForgeLink(${forge}, ${login}, ${command.address}, nonce ` +
            `${statement.nonce}) for the ForgeLinkRegistry ${registry.address} on chain ${registry.chainId}: sign ` +
            "the statement again (npm run intake -- link)",
        );
      return {
        ...NO_OUTCOME,
        links: [
          {
            forge: comment.forge,
            accountId,
            login,
            address: command.address,
            statement: statementText(statement),
            signature: command.signature,
            linkedAt: delivery.receivedAt,
            revokedAt: undefined,
          },
        ],
      };
    }
    case "unlink":
      return { ...NO_OUTCOME, unlinks: [{ forge: comment.forge, accountId, at: delivery.receivedAt }] };
    case "approve": {
      const { repository } = comment;
      if (!comment.onChangeRequest)
        return refused("gate", "approve-not-pull-request", `${repository}#${comment.number} is an issue`);
      const permission = await (await comment.api()).permission(login);
      if (!canWrite(permission))
        return refused("gate", "approve-without-write-access", `${login} has ${permission} access to ${repository}`);
      return { ...NO_OUTCOME, approvals: [{ repository, pullRequest: comment.number }] };
    }
    case "preview": {
      const { repository } = comment;
      if (!comment.onChangeRequest)
        return refused("preview", "preview-not-change-request", `${repository}#${comment.number} is an issue`);
      const api = await comment.api();
      const facts = await api.changeRequest(comment.number);
      if (facts.state !== "open")
        return refused(
          "preview",
          "preview-not-open",
          `${repository}#${comment.number} is ${facts.state}: only an open change request is previewed`,
        );
      return processOpenChange(context, delivery, { ...comment, ...facts, api: async () => api });
    }
  }
}
