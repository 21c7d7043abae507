/**
 * A closed pull request, to what will be attested: merged into the default branch of a repository that opted in
 * (owner-signed `.coherence.json`, verified on the registry), past the repository's gates, by linked
 * contributors (the author and the `Co-authored-by` co-authors) who each carry a cost report. The evidence is
 * `<clone url>#<base>..<merge>;cost=<report hash>`: the whole merged range, however many commits it has, bound to
 * the contributor's report. Every "no" is a refusal with its reason; nothing here touches the ledger.
 */
import { contributionIdOf, evidenceHashOf } from "@coherence/oracle";
import { costReportHash, costReportSchema, InvalidArgumentError, withCostReport } from "@coherence/protocol";
import type { EmitterWebhookEvent } from "@octokit/webhooks";

import { COHERENCE_FILE, parseCoherenceFile } from "../optIn/coherenceFile.ts";
import { verifyOptIn } from "../optIn/verifyOptIn.ts";
import {
  type Contribution,
  type Delivery,
  type DeliveryOutcome,
  NO_OUTCOME,
  type Refusal,
} from "../store/intakeStore.ts";
import { coAuthors } from "./coAuthors.ts";
import { COST_REPORTS_DIR, costReportOf } from "./costReportOf.ts";
import { approvalRefusal, type GateRefusal, isBot, plausibilityRefusal } from "./gates.ts";
import type { IntakeContext } from "./intakeContext.ts";

type ClosedPullRequest = EmitterWebhookEvent<"pull_request.closed">["payload"];

type Candidate = { login: string; accountId: string | undefined };

export async function processPullRequest(
  context: IntakeContext,
  delivery: Delivery,
  payload: ClosedPullRequest,
): Promise<DeliveryOutcome> {
  const pr = payload.pull_request;
  const repository = `github.com/${payload.repository.full_name}`;
  const subject = `${repository}#${pr.number}`;
  const refusals: Refusal[] = [];
  const refuse = (stage: Refusal["stage"], refusal: GateRefusal, who = subject): void => {
    refusals.push({ deliveryId: delivery.id, stage, code: refusal.code, subject: who, reason: refusal.reason });
  };
  const done = (): DeliveryOutcome => ({ ...NO_OUTCOME, refusals });

  if (!pr.merged || pr.merge_commit_sha === null || pr.merged_at === null) {
    refuse("gate", { code: "not-merged", reason: "the pull request was closed without being merged" });
    return done();
  }
  const defaultBranch = payload.repository.default_branch;
  if (pr.base.ref !== defaultBranch) {
    refuse("gate", {
      code: "not-default-branch",
      reason: `merged into ${pr.base.ref}, not the default branch ${defaultBranch} that .coherence.json opts in`,
    });
    return done();
  }
  if (payload.installation === undefined) {
    refuse("delivery", { code: "no-installation", reason: "the delivery names no GitHub App installation" });
    return done();
  }
  const api = await context.forge.repository(
    payload.installation.id,
    payload.repository.owner.login,
    payload.repository.name,
  );

  const text = await api.fileAt(COHERENCE_FILE, defaultBranch);
  if (text === undefined) {
    refuse("opt-in", { code: "not-opted-in", reason: `${repository} has no ${COHERENCE_FILE} on ${defaultBranch}` });
    return done();
  }
  let file: ReturnType<typeof parseCoherenceFile>;
  try {
    file = parseCoherenceFile(text, `${repository}/${COHERENCE_FILE}`);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    refuse("opt-in", { code: "opt-in-malformed", reason: error.message });
    return done();
  }
  const optIn = await verifyOptIn({ client: context.client, deployment: context.deployment, file, repository });
  if ("code" in optIn) {
    refuse("opt-in", optIn);
    return done();
  }
  const { gates } = optIn;

  const excluded = pr.labels.map((l) => l.name).filter((name) => gates.excludedLabels.includes(name));
  if (excluded.length > 0) {
    refuse("gate", { code: "excluded-label", reason: `labelled ${excluded.join(", ")}, which the repository skips` });
    return done();
  }
  if (gates.skipBots && isBot({ login: pr.user.login, type: pr.user.type })) {
    refuse("gate", { code: "bot", reason: `opened by the bot ${pr.user.login}` });
    return done();
  }

  const commits = await api.commits(pr.number);
  const candidates: Candidate[] = [{ login: pr.user.login, accountId: String(pr.user.id) }];
  for (const co of coAuthors(commits.map((c) => c.message))) {
    if (co.login === undefined) {
      refuse(
        "link",
        { code: "co-author-unknown", reason: `co-author ${co.trailer} has no GitHub noreply address` },
        co.trailer,
      );
    } else if (gates.skipBots && isBot({ login: co.login })) {
      refuse("gate", { code: "bot", reason: `co-author ${co.login} is a bot` }, co.login);
    } else if (!candidates.some((c) => c.login.toLowerCase() === co.login.toLowerCase())) {
      candidates.push({ login: co.login, accountId: co.accountId });
    }
  }

  if (gates.requireApproval) {
    const refusal = await approvalRefusal(
      await api.reviews(pr.number),
      candidates.map((c) => c.login),
      (login) => api.permission(login),
    );
    if (refusal !== undefined) {
      refuse("gate", refusal);
      return done();
    }
  }

  const files = await api.changedFiles(pr.number);
  // The cost reports themselves are not the work they pay for.
  const changedLines = files
    .filter((f) => !f.path.startsWith(`${COST_REPORTS_DIR}/`))
    .reduce((sum, f) => sum + f.additions + f.deletions, 0);
  const merge = pr.merge_commit_sha;
  const base = await api.firstParent(merge);
  const mergedAt = Math.floor(Date.parse(pr.merged_at) / 1000);

  const contributions: Omit<Contribution, "transactionHash">[] = [];
  for (const candidate of candidates) {
    const link = await context.store.linkOf(
      "github",
      candidate.accountId === undefined ? { login: candidate.login } : { accountId: candidate.accountId },
    );
    if (link === undefined) {
      refuse(
        "link",
        {
          code: "unlinked",
          reason: `${candidate.login} has linked no address (comment /ccn link <address> <signature>)`,
        },
        candidate.login,
      );
      continue;
    }
    const recent = await context.store.countMerged(repository, candidate.login, {
      from: mergedAt - gates.rateLimit.windowSeconds,
      to: mergedAt,
      except: pr.number,
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
    // Published where the oracle reads it before anything is attested: an attestation of an unpublished report
    // is not paid. Content-addressed, so publishing again after a crash writes the same file.
    await context.costs.put(costReportSchema.encode(report));
    const fragment = withCostReport(`${base}..${merge}`, costReportHash(report));
    const evidenceHash = evidenceHashOf(fragment);
    contributions.push({
      id: contributionIdOf(optIn.assetId, link.address, evidenceHash),
      deliveryId: delivery.id,
      repository,
      pullRequest: pr.number,
      login: candidate.login,
      assetId: optIn.assetId,
      contributor: link.address,
      ...report.totals,
      evidenceUri: `${payload.repository.clone_url}#${fragment}`,
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
  if (held !== undefined) refuse("gate", held);
  return {
    ...NO_OUTCOME,
    refusals,
    contributions: contributions.map((c) =>
      held === undefined ? c : { ...c, state: "held" as const, heldReason: held.reason },
    ),
  };
}
