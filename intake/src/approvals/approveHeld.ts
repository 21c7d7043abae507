/**
 * `POST /approvals`: a repository's asset owner releases what a gate held back on one of its change requests from
 * the web app, by signing an EIP-712 `IntakeApproval` (`@coherence/protocol`) instead of commenting `/ccn approve`.
 * The signature is checked against the registry's `ownerOf` now (an EOA's, or an ERC-1271 wallet's: viem asks the
 * owner), as an opt-in's is; then the held contributions are released as a `/ccn approve` releases them, so the
 * relayer attests them and the change request is told, in one store transaction with a last check that what is
 * held is still exactly what was signed. Every refusal is a named error that changes nothing.
 */
import {
  assetRegistryAbi,
  bytes32,
  type Deployment,
  heldContributionsHash,
  type Infer,
  intakeApprovalTypedData,
  integer,
  MalformedFieldError,
  object,
  oneOf,
  parseJson,
  string,
} from "@coherence/protocol";
import { type Hex, keccak256, type PublicClient } from "viem";

import { FORGES, repositoryName } from "../http/queries.ts";
import { forgeOfRepository } from "../http/repositories.ts";
import type { Contribution, IntakeStore } from "../store/intakeStore.ts";

/** How far ahead a deadline may be: an approval is signed to be posted at once. */
export const MAX_APPROVAL_SECONDS = 86_400;

export const approvalRequestSchema = object({
  forge: oneOf(FORGES),
  repository: repositoryName(),
  number: integer({ min: 1 }),
  heldHash: bytes32(),
  deadline: integer({ min: 0 }),
  signature: string({ pattern: /^0x[0-9a-fA-F]+$/, expected: "a 0x-prefixed hex signature" }),
});

export type ApprovalCode =
  | "approval-malformed"
  | "approval-unknown-repository"
  | "approval-expired"
  | "approval-deadline-too-far"
  | "approval-wrong-signer"
  | "approval-replayed"
  | "approval-not-held"
  | "approval-stale";

export type ApprovalAnswer =
  | { status: 200; body: { outcome: "approved"; approval: string; released: Hex[] } }
  | { status: 400 | 403 | 404 | 409; body: { outcome: ApprovalCode; reason: string } };

export type ApproveHeldParameters = {
  store: IntakeStore;
  client: PublicClient;
  deployment: Deployment;
  /** The request's body as sent. */
  body: string;
  /** Unix seconds. */
  now: number;
};

const refused = (status: 400 | 403 | 404 | 409, outcome: ApprovalCode, reason: string): ApprovalAnswer => ({
  status,
  body: { outcome, reason },
});

export async function approveHeld(p: ApproveHeldParameters): Promise<ApprovalAnswer> {
  let request: Infer<typeof approvalRequestSchema>;
  try {
    request = parseJson(approvalRequestSchema, p.body, { source: "approval" });
  } catch (error) {
    if (error instanceof MalformedFieldError) return refused(400, "approval-malformed", error.message);
    throw error;
  }
  const { forge, number, deadline } = request;
  const change = `${request.repository}#${number}`;
  const ofRepository = (await p.store.contributions()).filter(
    (c) => c.repository.toLowerCase() === request.repository.toLowerCase(),
  );
  const ofChange = ofRepository.filter((c) => c.pullRequest === number);
  const known = ofRepository.at(-1);
  if (known === undefined || forgeOfRepository(known.repository) !== forge)
    return refused(404, "approval-unknown-repository", `the intake has no ${forge} repository ${request.repository}`);
  if (deadline < p.now)
    return refused(
      400,
      "approval-expired",
      `the approval's deadline ${deadline} has passed (now ${p.now}): sign again`,
    );
  if (deadline > p.now + MAX_APPROVAL_SECONDS)
    return refused(
      400,
      "approval-deadline-too-far",
      `the approval's deadline ${deadline} is more than ${MAX_APPROVAL_SECONDS} s away (now ${p.now})`,
    );

  const assetId = ofChange[0]?.assetId ?? known.assetId;
  const owner = await p.client.readContract({
    address: p.deployment.contracts.AssetRegistry.address,
    abi: assetRegistryAbi,
    functionName: "ownerOf",
    args: [assetId],
  });
  const signed = await p.client.verifyTypedData({
    address: owner,
    ...intakeApprovalTypedData(p.deployment.chainId, {
      forge,
      repository: request.repository,
      number: BigInt(number),
      heldHash: request.heldHash,
      deadline: BigInt(deadline),
    }),
    signature: request.signature as Hex,
  });
  if (!signed)
    return refused(
      403,
      "approval-wrong-signer",
      `the approval of ${change} is not signed by ${owner}, the owner of asset ${assetId}`,
    );

  const ids = (cs: readonly Contribution[]) => cs.map((c) => c.id);
  const held = ofChange.filter((c) => c.state === "held");
  // Released contributions keep the reason they were held for, and never return to held.
  const released = ofChange.filter((c) => c.state !== "held" && c.heldReason !== undefined);
  const wanted = request.heldHash;
  if (released.length > 0 && heldContributionsHash(ids(released)) === wanted)
    return refused(409, "approval-replayed", `this approval already released ${change}'s held contributions`);
  if (held.length === 0) return refused(409, "approval-not-held", `nothing of ${change} is held for approval`);
  if (heldContributionsHash(ids(held)) !== wanted)
    return refused(
      409,
      "approval-stale",
      `the approval names other held contributions than ${change}'s ${held.length} now held: reload and sign again`,
    );

  // The approval's id marks its release (and the feedback comment that tells of it), as a delivery's id does.
  const approval = `approval-${keccak256(request.signature as Hex).slice(2, 18)}`;
  // Checked again with the release, at once: work held since it was read above is not this approval's to release.
  if (!(await p.store.releaseHeld(approval, { repository: held[0]!.repository, pullRequest: number }, ids(held))))
    return refused(
      409,
      "approval-stale",
      `what is held of ${change} changed while the approval was checked: reload and sign again`,
    );
  return { status: 200, body: { outcome: "approved", approval, released: ids(held) } };
}
