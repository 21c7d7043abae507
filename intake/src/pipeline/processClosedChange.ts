/**
 * A closed change request (a GitHub pull request, a GitLab merge request), to what will be attested: merged into the default branch of a repository that opted in
 * (owner-signed `.coherence.json`, verified on the registry), past the repository's gates, by linked
 * contributors (the author and the `Co-authored-by` co-authors) who each carry a cost report. The evidence URI is
 * `<clone url>#<base>..<merge>`, the whole merged range however many commits it has, and its hash commits to
 * `<base>..<merge>;cost=<report hash>`, the range bound to the contributor's report, published in the cost store:
 * the binding proves itself against the chain and costs no calldata. Every "no" is a refusal with its reason;
 * nothing here touches the ledger.
 */
import { contributionIdOf } from "@coherence/oracle";
import { costReportHash, costReportSchema, withCostReport } from "@coherence/protocol";

import { CHANGE_REQUEST, type ClosedChange } from "../forge/change.ts";
import { forgeHostOf } from "../links/forgeLink.ts";
import { liveLinkOf } from "../links/liveLink.ts";
import {
  type Contribution,
  type Delivery,
  type DeliveryOutcome,
  type FeedbackTarget,
  NO_OUTCOME,
  type Refusal,
  type VerifiedOptIn,
} from "../store/intakeStore.ts";
import { changeCandidates, skippedChange } from "./changeCandidates.ts";
import { COST_REPORTS_DIR, costReportOf } from "./costReportOf.ts";
import { approvalRefusal, type GateRefusal, plausibilityRefusal } from "./gates.ts";
import type { IntakeContext } from "./intakeContext.ts";
import { NOT_OPTED_IN, repositoryOptIn } from "./repositoryOptIn.ts";

export async function processClosedChange(
  context: IntakeContext,
  delivery: Delivery,
  change: ClosedChange,
): Promise<DeliveryOutcome> {
  const { repository, defaultBranch } = change;
  const subject = `${repository}#${change.number}`;
  const host = forgeHostOf(repository);
  const refusals: Refusal[] = [];
  const refuse = (stage: Refusal["stage"], refusal: GateRefusal, who: string): void => {
    refusals.push({ deliveryId: delivery.id, stage, code: refusal.code, subject: who, reason: refusal.reason, host });
  };
  // A refusal of the whole change request is its subject's, and found under the login of each whose work it
  // refused: the author, and the co-authors once the commits that name them are read.
  let people = [change.author.login];
  const refuseChange = (stage: Refusal["stage"], refusal: GateRefusal): void => {
    refusals.push({ deliveryId: delivery.id, stage, subject, ...refusal, logins: people, host });
  };
  // The contributor is told on the change request only once its repository is known to have opted in: a
  // repository that did not (or whose opt-in fails) gets no comments from an App merely installed on it.
  let feedback: FeedbackTarget | undefined;
  let verified: VerifiedOptIn | undefined;
  const done = (): DeliveryOutcome => ({ ...NO_OUTCOME, refusals, feedback, optIn: verified });

  const { mergeSha: merge, mergedAt } = change;
  if (merge === undefined || mergedAt === undefined) {
    refuseChange("gate", {
      code: "not-merged",
      reason: `the ${CHANGE_REQUEST[change.forge]} was closed without being merged`,
    });
    return done();
  }
  if (change.targetBranch !== defaultBranch) {
    refuseChange("gate", {
      code: "not-default-branch",
      reason: `merged into ${change.targetBranch}, not the default branch ${defaultBranch} that .coherence.json opts in`,
    });
    return done();
  }
  const api = await change.api();
  const optIn = await repositoryOptIn(context, api, repository, defaultBranch);
  if ("code" in optIn) {
    // A repository that never opted in is nobody's refused work, only one the App is installed on; an opt-in that
    // fails (malformed, not the owner's) is a refusal its contributors are shown.
    if (optIn.code === NOT_OPTED_IN) refuse("opt-in", optIn, subject);
    else refuseChange("opt-in", optIn);
    return done();
  }
  const { gates } = optIn;
  verified = { forge: change.forge, repository, assetId: optIn.assetId, gates };
  feedback = { forge: change.forge, repository, number: change.number, ...change.address };

  const commits = await api.commits(change.number);
  const { candidates, refusals: left } = changeCandidates(
    change.forge,
    change.author,
    commits.map((c) => c.message),
    gates.skipBots,
  );
  people = candidates.map((c) => c.login);

  const skipped = skippedChange(change, gates);
  if (skipped !== undefined) {
    refuseChange("gate", skipped);
    return done();
  }
  for (const { stage, refusal, who } of left) refuse(stage, refusal, who);

  if (gates.requireApproval) {
    const refusal = await approvalRefusal(await api.reviews(change.number), people, (login) => api.permission(login));
    if (refusal !== undefined) {
      refuseChange("gate", refusal);
      return done();
    }
  }

  const files = await api.changedFiles(change.number);
  // The cost reports themselves are not the work they pay for.
  const changedLines = files
    .filter((f) => !f.path.startsWith(`${COST_REPORTS_DIR}/`))
    .reduce((sum, f) => sum + f.additions + f.deletions, 0);
  const base = change.mergeBase ?? (await api.firstParent(merge));

  const contributions: Omit<Contribution, "transactionHash">[] = [];
  for (const candidate of candidates) {
    const linked = await liveLinkOf(
      context,
      change.forge,
      candidate.login,
      candidate.accountId === undefined ? { login: candidate.login } : { accountId: candidate.accountId },
    );
    if ("reason" in linked) {
      refuse("link", { code: "unlinked", reason: linked.reason }, candidate.login);
      continue;
    }
    const { link } = linked;
    const recent = await context.store.countMerged(repository, candidate.login, {
      from: mergedAt - gates.rateLimit.windowSeconds,
      to: mergedAt,
      except: change.number,
    });
    if (recent >= gates.rateLimit.count) {
      refuse(
        "gate",
        {
          code: "rate-limited",
          reason: `${candidate.login} already has ${recent} contributions merged in the last ${gates.rateLimit.windowSeconds} s (at most ${gates.rateLimit.count})`,
        },
        candidate.login,
      );
      continue;
    }
    const report = await costReportOf(api, files, candidate.login, merge);
    if ("code" in report) {
      refuse("gate", report, candidate.login);
      continue;
    }
    // Published where the oracle reads them before anything is attested: an attestation of an unpublished report
    // or binding is not paid. Content-addressed, so publishing again after a crash writes the same files.
    await context.costs.put(costReportSchema.encode(report));
    const range = `${base}..${merge}`;
    const evidenceHash = await context.costs.putBinding(withCostReport(range, costReportHash(report)));
    contributions.push({
      id: contributionIdOf(optIn.assetId, link.address, evidenceHash),
      deliveryId: delivery.id,
      repository,
      pullRequest: change.number,
      login: candidate.login,
      assetId: optIn.assetId,
      contributor: link.address,
      ...report.totals,
      evidenceUri: `${change.cloneUrl}#${range}`,
      evidenceHash,
      mergedAt,
      state: "pending",
      heldReason: undefined,
    });
  }

  const claimed = contributions.reduce((s, c) => s + c.laborMicroUsd + c.toolsMicroUsd + c.computeMicroUsd, 0n);
  const held =
    contributions.length === 0
      ? undefined
      : plausibilityRefusal(claimed, changedLines, gates.maxMicroUsdPerChangedLine);
  // Held work is shown to its contributors as held, by its contributions: the hold names no login.
  if (held !== undefined) refuse("gate", held, subject);
  return {
    ...done(),
    contributions: contributions.map((c) =>
      held === undefined ? c : { ...c, state: "held" as const, heldReason: held.reason },
    ),
  };
}
