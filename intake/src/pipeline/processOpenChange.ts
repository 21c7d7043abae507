/**
 * An open change request (opened, pushed to, reopened, or asked with `/ccn preview`), to its preview: in a
 * repository that opted in and against its default branch, who would be attested if it were merged as it is (each
 * linked author and co-author with their cost report's totals, or why not) and the range the previewer will score.
 * The gates that need the merge (reviews, rate limits, cost per line) are the merge's to tell. Nothing here is
 * attested; a "no" for the whole change request is a refusal with its reason.
 */
import type { OpenChange } from "../forge/change.ts";
import { forgeHostOf } from "../links/forgeLink.ts";
import { liveLinkOf } from "../links/liveLink.ts";
import type { PreviewPerson } from "../preview/preview.ts";
import { type Delivery, type DeliveryOutcome, NO_OUTCOME, type Refusal } from "../store/intakeStore.ts";
import { changeCandidates, skippedChange } from "./changeCandidates.ts";
import { costReportOf } from "./costReportOf.ts";
import type { GateRefusal } from "./gates.ts";
import type { IntakeContext } from "./intakeContext.ts";
import { repositoryOptIn } from "./repositoryOptIn.ts";

export async function processOpenChange(
  context: IntakeContext,
  delivery: Delivery,
  change: OpenChange,
): Promise<DeliveryOutcome> {
  const { repository, defaultBranch } = change;
  const refused = (stage: Refusal["stage"], refusal: GateRefusal): DeliveryOutcome => ({
    ...NO_OUTCOME,
    refusals: [
      {
        deliveryId: delivery.id,
        stage,
        subject: `${repository}#${change.number}`,
        ...refusal,
        host: forgeHostOf(repository),
      },
    ],
  });
  if (change.targetBranch !== defaultBranch)
    return refused("preview", {
      code: "not-default-branch",
      reason: `targets ${change.targetBranch}, not the default branch ${defaultBranch} that .coherence.json opts in`,
    });
  const api = await change.api();
  const optIn = await repositoryOptIn(context, api, repository, defaultBranch);
  if ("code" in optIn) return refused("opt-in", optIn);
  const { gates } = optIn;

  const skipped = skippedChange(change, gates);
  const commits = await api.commits(change.number);
  const { candidates, refusals: left } = changeCandidates(
    change.forge,
    change.author,
    commits.map((c) => c.message),
    gates.skipBots,
  );
  const files = await api.changedFiles(change.number);
  const people: PreviewPerson[] = [];
  for (const candidate of candidates) {
    const linked = await liveLinkOf(
      context,
      change.forge,
      candidate.login,
      candidate.accountId === undefined ? { login: candidate.login } : { accountId: candidate.accountId },
    );
    const report = await costReportOf(api, files, candidate.login, change.head);
    const address = "link" in linked ? linked.link.address : undefined;
    const cost = "code" in report ? undefined : report.totals;
    const refusal =
      "reason" in linked ? { code: "unlinked", reason: linked.reason } : "code" in report ? report : undefined;
    people.push({ login: candidate.login, address, cost, refusal });
  }
  for (const { who, refusal } of left) people.push({ login: who, address: undefined, cost: undefined, refusal });
  return {
    ...NO_OUTCOME,
    optIn: { forge: change.forge, repository, assetId: optIn.assetId, gates },
    preview: {
      target: { forge: change.forge, repository, number: change.number, ...change.address },
      head: change.head,
      base: change.base,
      cloneUrl: change.cloneUrl,
      people,
      refusals: skipped === undefined ? [] : [skipped],
    },
  };
}
