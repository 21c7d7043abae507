/**
 * A change request's preview: before it is merged, who would be attested for it (each linked author and co-author
 * with the cost of their report, or why not) and the coherence score its range `<base>..<head>` would get, with
 * each metric's value and reason. A delivery decides the people (`processOpenChange.ts`), the previewer scores the
 * range in a local mirror (`scoreChange.ts`), and the outbox's worker publishes it on the change request (a GitHub
 * check run, a GitLab note), each step kept in the store so a restart redoes only what was not done.
 */
import type { Address } from "viem";

import type { FeedbackTarget } from "../store/intakeStore.ts";

/** What a preview's check run is named on GitHub, and what marks its note on GitLab. */
export const PREVIEW_NAME = "Coherence preview";

/** Someone the change request would pay, or why it would not. */
export type PreviewPerson = {
  login: string;
  /** The address their forge account is linked to, when linked. */
  address: Address | undefined;
  /** Their cost report's totals (micro-USD), when the change request carries one the intake can attest. */
  cost: { laborMicroUsd: bigint; toolsMicroUsd: bigint; computeMicroUsd: bigint } | undefined;
  /** Why they would not be attested. */
  refusal: { code: string; reason: string } | undefined;
};

/** What a delivery decides of a change request's preview. */
export type PreviewRequest = {
  target: FeedbackTarget;
  /** The head commit previewed. */
  head: string;
  /** The target branch's commit the change request was opened against, as the forge says. */
  base: string;
  /** Where the previewer fetches both from. */
  cloneUrl: string;
  people: PreviewPerson[];
  /** What would refuse the change request as a whole (a label the repository skips, a bot's change). */
  refusals: { code: string; reason: string }[];
};

export type PreviewMetric = { name: string; bps: number | null; weightBps: number; reason: string };

/** The scorer's answer (`ccn score --json`), as much as the preview shows, or why there is none. */
export type PreviewScore =
  | {
      state: "scored";
      /** `<merge base>..<head>`: what was measured. */
      range: string;
      scoringVersion: string;
      coherenceBps: number;
      multiplierBps: number;
      metrics: PreviewMetric[];
      skipped: { path: string; reason: string }[];
    }
  | {
      /**
       * Not scored because the scoring config (`reviewKinds`) sends a change of its kind (a dependency bump, a
       * release) to a reviewer: no metric judges it, and merged it is paid nothing until a reviewer approves it.
       */
      state: "held";
      range: string;
      /** The oracle's kind of the change (`dependencies`, `release`). */
      kind: string;
    }
  | { state: "failed"; reason: string };

/** A change request's preview as the store keeps it. */
export type StoredPreview = PreviewRequest & {
  /** The delivery that decided it last. */
  deliveryId: string;
  /** Counts every change of the preview (a new decision, its score): what was published is known by it. */
  version: number;
  /** Undefined until scored. */
  score: PreviewScore | undefined;
};

/** Which version of which change request's preview. */
export type PreviewKey = Pick<FeedbackTarget, "forge" | "repository" | "number"> & { version: number };

export const previewKey = (p: StoredPreview): PreviewKey => ({
  forge: p.target.forge,
  repository: p.target.repository,
  number: p.target.number,
  version: p.version,
});
