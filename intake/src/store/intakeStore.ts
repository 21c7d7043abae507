/**
 * What the intake keeps, behind one small interface so that the embedded database (`node:sqlite`, the default)
 * and PostgreSQL can both hold it. Every write that must not be lost or repeated is one call here, and each call
 * is one database transaction: a delivery is accepted (or found a replay) in one; a delivery's whole outcome
 * (refusals, links, contributions to attest) is written together with the delivery's completion in another, so
 * a `kill -9` between two calls leaves either the delivery queued (processed again, to the same outcome) or done.
 */
import type { Address, Hex } from "viem";

import type { Gates } from "../optIn/coherenceFile.ts";
import type { PreviewKey, PreviewRequest, PreviewScore, StoredPreview } from "../preview/preview.ts";

/** Which forge a delivery came from. */
export type ForgeName = "github" | "gitlab";

/** A verified webhook delivery, as received. */
export type Delivery = {
  /** The forge's delivery id (`X-GitHub-Delivery`, `X-Gitlab-Event-UUID`): a replay carries the same one. */
  id: string;
  forge: ForgeName;
  /** `<event>.<action>`, e.g. `pull_request.closed`, or the bare event when it has no action. */
  event: string;
  /** The payload's JSON text, as signed. */
  payload: string;
  /** Unix seconds. */
  receivedAt: number;
};

/** Why something was not attested, as it is recorded and served. */
export type Refusal = {
  /** The delivery it concerns, when it has a (claimed) id. */
  deliveryId: string | undefined;
  /** Where it was refused: the delivery itself, the repository's opt-in, a link, a gate, the relayer. */
  stage: "delivery" | "opt-in" | "link" | "gate" | "relay" | "preview";
  /** A stable, machine-readable code (`bad-signature`, `self-approved`). */
  code: string;
  /** What was refused (`github.com/o/r#12`, a login), when known. */
  subject: string | undefined;
  /** The reason in words. */
  reason: string;
  /**
   * A refusal of a whole change request (its subject): the forge logins of those whose work it refused, its author
   * and the co-authors known by login, so each finds it under their login; it is still one refusal of the change.
   */
  logins?: readonly string[] | undefined;
  /**
   * The forge's host, as link statements name it (`github.com`, a self-managed GitLab's `gitlab.example.org`): the
   * logins, and a subject that is a login, are accounts there, so a same-named account of another forge is not
   * shown another's refusal. Known wherever the repository or the link is; absent on a delivery that could not be
   * read, and on refusals recorded before hosts were.
   */
  host?: string | undefined;
};

export type RecordedRefusal = Refusal & {
  seq: number;
  at: number;
  /** The forge of the delivery it concerns, where `refusals()` serves it and the delivery is known. */
  forge?: ForgeName | undefined;
};

/** A repository's opt-in as a delivery verified it (`.coherence.json`, signed by its asset's owner). */
export type VerifiedOptIn = { forge: ForgeName; repository: string; assetId: bigint; gates: Gates };

/** The latest verified opt-in of a repository, and when it was verified (unix seconds). */
export type RecordedOptIn = VerifiedOptIn & { verifiedAt: number };

/** A forge account linked to an address by the address's signed statement, posted by the account. */
export type Link = {
  forge: ForgeName;
  /** The forge's stable numeric id of the account (a login can be renamed). */
  accountId: string;
  login: string;
  address: Address;
  /** The signed statement's fields, as JSON, and its signature: anyone can verify them. */
  statement: string;
  signature: Hex;
  /** Unix seconds. */
  linkedAt: number;
  /** Unix seconds, when revoked. */
  revokedAt: number | undefined;
  /**
   * What the ForgeLinkRegistry has of its latest change (the link, or once revoked its revocation): `undefined` until
   * the link recorder settled it, `linked` recorded there, `unlinked` not active there, `refused` the registry
   * refuses it (a refusal says why).
   */
  onChain: LinkOnChain | undefined;
};

export type LinkOnChain = "linked" | "unlinked" | "refused";

/** A link whose latest change the chain does not have yet, by its place in the store. */
export type UnsettledLink = { seq: number; link: Link };

/**
 * A contribution on its way to the ledger. `held`: a gate sent it to the maintainers; `pending`: waiting for a
 * batch; `sent`: in a batch transaction not yet seen mined; `attested`: on-chain; `refused`: the chain refuses it.
 */
export type ContributionState = "held" | "pending" | "sent" | "attested" | "refused";

export type Contribution = {
  /** `ContributionLedger.contributionId(assetId, contributor, evidenceHash)`: the idempotency key. */
  id: Hex;
  deliveryId: string;
  /** `github.com/<owner>/<repo>`. */
  repository: string;
  pullRequest: number;
  login: string;
  assetId: bigint;
  contributor: Address;
  laborMicroUsd: bigint;
  toolsMicroUsd: bigint;
  computeMicroUsd: bigint;
  evidenceUri: string;
  evidenceHash: Hex;
  /** Unix seconds: what the rate limit counts by. */
  mergedAt: number;
  state: ContributionState;
  /** Why a gate held it back, when held. */
  heldReason: string | undefined;
  transactionHash: Hex | undefined;
};

/** A delivery's whole outcome, written with its completion in one transaction. */
export type DeliveryOutcome = {
  refusals: readonly Refusal[];
  /** New contributions; one already known by id is left as it is (another delivery of the same work). */
  contributions: readonly Omit<Contribution, "transactionHash">[];
  /** New links, not yet on-chain. */
  links: readonly Omit<Link, "onChain">[];
  /** Accounts whose links are revoked, by forge account id. */
  unlinks: readonly { forge: ForgeName; accountId: string; at: number }[];
  /** Pull requests whose held contributions a maintainer approved. */
  approvals: readonly HeldChange[];
  /** The change request decided, when its contributor is told on it (`feedback/`): its comment goes in the outbox. */
  feedback?: FeedbackTarget | undefined;
  /** The repository's opt-in, when the delivery verified it: it replaces the one before. */
  optIn?: VerifiedOptIn | undefined;
  /** An open change request's preview, to score and publish (`preview/`): it replaces the one before. */
  preview?: PreviewRequest | undefined;
};

/** A change request the intake comments on once it decided it, and where the forge's API finds it. */
export type FeedbackTarget = {
  forge: ForgeName;
  /** `<forge host>/<owner>/<repo>`, as contributions name it. */
  repository: string;
  number: number;
  /** `Forge.repository`'s arguments. */
  scope: number;
  owner: string;
  name: string;
};

/**
 * A comment of the outbox whose decision is final (no contribution of its change request waits for the chain),
 * not yet posted, with what it tells: the change request's contributions and the deciding delivery's refusals.
 */
export type DueFeedback = {
  target: FeedbackTarget;
  /** The delivery that decided: the comment's marker names it. */
  deliveryId: string;
  contributions: Contribution[];
  refusals: RecordedRefusal[];
};

/** A change request whose held contributions an approval releases. */
export type HeldChange = { repository: string; pullRequest: number };

/** Whether two lists of contribution ids name the same set (ids are hex: case does not matter). */
export const sameIds = (a: readonly Hex[], b: readonly Hex[]): boolean => {
  const set = new Set(a.map((id) => id.toLowerCase()));
  return set.size === new Set(b.map((id) => id.toLowerCase())).size && b.every((id) => set.has(id.toLowerCase()));
};

/** The outcome of a delivery that changes nothing. */
export const NO_OUTCOME: DeliveryOutcome = { refusals: [], contributions: [], links: [], unlinks: [], approvals: [] };

/** A batch transaction sent and not yet seen mined. */
export type SentBatch = { transactionHash: Hex; ids: readonly Hex[] };

export interface IntakeStore {
  /** Queues a verified delivery, or says it is a replay of one already received (nothing is written then). */
  accept(delivery: Delivery): Promise<"queued" | "replayed">;
  /** Records a refusal on its own (of a delivery that is not queued). */
  refuse(refusal: Refusal, at: number): Promise<void>;
  /** Whether a delivery is queued or done, undefined if it was never accepted. */
  deliveryState(id: string): Promise<"queued" | "done" | undefined>;
  /** The oldest `limit` deliveries not yet done, oldest first. */
  queued(limit: number): Promise<Delivery[]>;
  /** Writes a delivery's outcome and marks it done, all at once. */
  complete(deliveryId: string, outcome: DeliveryOutcome, at: number): Promise<void>;
  /**
   * Releases the held contributions `ids` of a change request for an approval that names exactly them, checking
   * and releasing in one transaction: unless what is held of the change request then is exactly `ids` (more held
   * since the approval was checked, or some already released), nothing changes and the answer is false. The
   * approval's id marks the release, as a delivery's does: the comment that tells of the released work names it.
   */
  releaseHeld(approval: string, change: HeldChange, ids: readonly Hex[]): Promise<boolean>;
  /** Contributions waiting for a batch, oldest first. */
  pending(limit: number): Promise<Contribution[]>;
  /** Records that `ids` were sent in `transactionHash` (before waiting for it to be mined). */
  markSent(batch: SentBatch): Promise<void>;
  /** The batches sent and not yet resolved. */
  sentBatches(): Promise<SentBatch[]>;
  /** Records contributions seen attested on-chain (by `transactionHash` when known). */
  markAttested(ids: readonly Hex[], transactionHash: Hex | undefined): Promise<void>;
  /** Puts contributions of a batch that was not mined back to pending. */
  markPending(ids: readonly Hex[]): Promise<void>;
  /** Records contributions the chain refuses for good, with the refusal. */
  markRefused(ids: readonly Hex[], refusal: Refusal, at: number): Promise<void>;
  /**
   * How many contributions of `login` to `repository` merged in `(from, to]` were accepted (held ones too), other
   * than those of the pull request `except` (the one being decided, when it is delivered again).
   */
  countMerged(repository: string, login: string, window: { from: number; to: number; except: number }): Promise<number>;
  /** The live (unrevoked) link of a forge account, by its id, or by its login when the id is not known. */
  linkOf(forge: ForgeName, account: { accountId: string } | { login: string }): Promise<Link | undefined>;
  /** Links whose latest change (a link or a revocation) the chain does not have yet, oldest first. */
  unsettledLinks(limit: number): Promise<UnsettledLink[]>;
  /**
   * Records what the chain has of link `seq`, with the refusal when it refuses it, unless the link changed since it
   * was read (`revoked` says whether it was revoked then): a revocation that came meanwhile is settled next.
   */
  settleLink(
    seq: number,
    revoked: boolean,
    onChain: LinkOnChain,
    refusal: Refusal | undefined,
    at: number,
  ): Promise<void>;
  /**
   * Comments of the outbox ready to post (their change request's contributions are all held, attested or refused),
   * oldest decision first. A change request has one comment, from its first decision: a later delivery of it adds
   * none; a maintainer's approval of work a posted comment said was held makes one more, marked by the approval.
   */
  dueFeedback(limit: number): Promise<DueFeedback[]>;
  /** Records that the comment on a change request is on the forge (`commentId`), so it is not posted again. */
  markFeedbackPosted(
    forge: ForgeName,
    repository: string,
    number: number,
    commentId: string,
    at: number,
  ): Promise<void>;
  /** Previews not yet scored, oldest first. */
  unscoredPreviews(limit: number): Promise<StoredPreview[]>;
  /**
   * Records the score of a preview's version, with the refusal when it could not be scored, unless a later
   * decision replaced that version meanwhile (its own score is then due).
   */
  recordPreviewScore(key: PreviewKey, score: PreviewScore, refusal: Refusal | undefined, at: number): Promise<void>;
  /** Previews changed since they were last published (decided anew, or scored), oldest first. */
  duePreviews(limit: number): Promise<StoredPreview[]>;
  /** Records that a preview's version is on the forge as the check run (or note) `runId`. */
  markPreviewPosted(key: PreviewKey, runId: string, at: number): Promise<void>;
  /** Every link, revoked ones included: links are public. */
  links(): Promise<Link[]>;
  /** Every refusal, oldest first, each with its delivery's forge when the delivery is known. */
  refusals(): Promise<RecordedRefusal[]>;
  contributions(): Promise<Contribution[]>;
  /** Each repository's latest verified opt-in, by repository. */
  optIns(): Promise<RecordedOptIn[]>;
  close(): Promise<void>;
}
