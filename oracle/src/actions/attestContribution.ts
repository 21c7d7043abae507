/**
 * An attester attests a contribution, or revokes one it attested. Everything the ledger would refuse is refused
 * here first, in words: a key without the attester role, an asset that does not take this attester, costs all
 * zero, evidence without the `#<work>` the oracle measures, a contribution attested already. A cost report is
 * bound the way the oracle reads it (`;cost=<report hash>` in the evidence fragment) and must be published first,
 * since an unpublished report is not paid.
 */
import {
  ATTESTER_STATUSES,
  assetRegistryAbi,
  CONTRIBUTION_STATUSES,
  type CostReport,
  contributionLedgerAbi,
  costReportHash,
  type Deployment,
  InvalidArgumentError,
  withCostReport,
} from "@coherence/protocol";
import { sendContract } from "@coherence/protocol/actions";
import type { Address, Hex, PublicClient, WalletClient } from "viem";
import type { CostStore } from "../costs/costStore.ts";
import { contributionIdOf, evidenceHashOf } from "../operator/evidence.ts";

/** An attestation or revocation refused before anything was sent. */
export class AttestationRefusedError extends InvalidArgumentError {
  override name = "AttestationRefusedError";
}

type Clients = { publicClient: PublicClient; walletClient: WalletClient; deployment: Deployment };

export type AttestParameters = Clients & {
  assetId: bigint;
  contributor: Address;
  /** `<repository url>#<commit>` or `#<from>..<to>`, or another work's URI with its `#<label>`. */
  evidenceUri: string;
  /** Micro-USD; each defaults to the report's total when a report is given. */
  costs: {
    laborMicroUsd?: bigint | undefined;
    toolsMicroUsd?: bigint | undefined;
    computeMicroUsd?: bigint | undefined;
  };
  /** The cost report to bind, and the store it must be published in. */
  report?: { report: CostReport; store: CostStore } | undefined;
};

export type Attestation = {
  id: Hex;
  assetId: bigint;
  contributor: Address;
  evidenceUri: string;
  evidenceHash: Hex;
  laborMicroUsd: bigint;
  toolsMicroUsd: bigint;
  computeMicroUsd: bigint;
  /** The bound report's hash, if any. */
  reportHash: Hex | undefined;
  transactionHash: Hex;
};

/**
 * @example
 * await attestContribution({ ...clients, assetId: 1n, contributor, evidenceUri: `${repo}#${base}..${merge}`,
 *   costs: {}, report: { report, store } });
 */
export async function attestContribution(parameters: AttestParameters): Promise<Attestation> {
  const { publicClient, walletClient, deployment, assetId, contributor } = parameters;
  const attester = walletClient.account!.address;
  const at = parameters.evidenceUri.lastIndexOf("#");
  if (at === -1 || at === parameters.evidenceUri.length - 1) {
    throw new AttestationRefusedError(`The evidence "${parameters.evidenceUri}" has no #<commit> or #<from>..<to>.`, {
      details: "the oracle measures the work named after #, and the evidence hash commits to it",
    });
  }
  let evidenceUri = parameters.evidenceUri;
  let reportHash: Hex | undefined;
  const totals = parameters.report?.report.totals;
  if (parameters.report !== undefined) {
    reportHash = costReportHash(parameters.report.report);
    const published = await parameters.report.store.get(reportHash);
    if ("problem" in published) {
      throw new AttestationRefusedError(`The cost report ${reportHash} ${published.problem}.`, {
        details: "publish it first (ccn cost publish): an attestation binding an unpublished report is not paid",
      });
    }
    evidenceUri = `${evidenceUri.slice(0, at)}#${withCostReport(evidenceUri.slice(at + 1), reportHash)}`;
  }
  const costs = {
    laborMicroUsd: parameters.costs.laborMicroUsd ?? totals?.laborMicroUsd ?? 0n,
    toolsMicroUsd: parameters.costs.toolsMicroUsd ?? totals?.toolsMicroUsd ?? 0n,
    computeMicroUsd: parameters.costs.computeMicroUsd ?? totals?.computeMicroUsd ?? 0n,
  };
  if (costs.laborMicroUsd + costs.toolsMicroUsd + costs.computeMicroUsd === 0n)
    throw new AttestationRefusedError("Labor, tools and compute are all 0: a contribution has a cost.");
  const evidenceHash = evidenceHashOf(evidenceUri.slice(evidenceUri.lastIndexOf("#") + 1));
  const id = contributionIdOf(assetId, contributor, evidenceHash);

  const ledger = { address: deployment.contracts.ContributionLedger.address, abi: contributionLedgerAbi } as const;
  const [role, attesterStatus, status, previousAttester] = await Promise.all([
    publicClient.readContract({ ...ledger, functionName: "ATTESTER_ROLE" }),
    publicClient.readContract({
      address: deployment.contracts.AssetRegistry.address,
      abi: assetRegistryAbi,
      functionName: "attesterStatus",
      args: [assetId, attester],
    }),
    publicClient.readContract({ ...ledger, functionName: "statusOf", args: [id] }),
    publicClient.readContract({ ...ledger, functionName: "attesterOf", args: [id] }),
  ]);
  if (!(await publicClient.readContract({ ...ledger, functionName: "hasRole", args: [role, attester] })))
    throw new AttestationRefusedError(`${attester} is not an attester of this ledger: governance appoints them.`);
  const allowance = ATTESTER_STATUSES[attesterStatus];
  if (allowance === "UnknownAsset") throw new AttestationRefusedError(`Asset ${assetId} is not registered.`);
  if (allowance === "NotChosen")
    throw new AttestationRefusedError(`Asset ${assetId}'s owner takes attestations from its chosen attesters only.`);
  const state = CONTRIBUTION_STATUSES[status];
  if (state === "Attested") throw new AttestationRefusedError(`Contribution ${id} is attested already.`);
  if (state === "Struck") throw new AttestationRefusedError(`Contribution ${id} was struck by governance, for good.`);
  if (state === "Revoked" && previousAttester.toLowerCase() !== attester.toLowerCase())
    throw new AttestationRefusedError(
      `Contribution ${id} was revoked by ${previousAttester}; only it may attest it again.`,
    );

  const { transactionHash } = await sendContract({
    publicClient,
    walletClient,
    ...ledger,
    functionName: "attest",
    args: [{ contributor, assetId, ...costs, evidenceHash, evidenceUri }],
  });
  return { id, assetId, contributor, evidenceUri, evidenceHash, ...costs, reportHash, transactionHash };
}

export type RevokeParameters = Clients & { id: Hex; reason: string };

/** Revokes a contribution this key attested, with a reason recorded on-chain. */
export async function revokeContribution(parameters: RevokeParameters): Promise<{ id: Hex; transactionHash: Hex }> {
  const { publicClient, walletClient, deployment, id, reason } = parameters;
  if (reason.trim() === "") throw new AttestationRefusedError("A revocation needs its reason.");
  const ledger = { address: deployment.contracts.ContributionLedger.address, abi: contributionLedgerAbi } as const;
  const [status, attester] = await Promise.all([
    publicClient.readContract({ ...ledger, functionName: "statusOf", args: [id] }),
    publicClient.readContract({ ...ledger, functionName: "attesterOf", args: [id] }),
  ]);
  if (CONTRIBUTION_STATUSES[status] !== "Attested")
    throw new AttestationRefusedError(`Contribution ${id} is ${CONTRIBUTION_STATUSES[status]}, not attested.`);
  const self = walletClient.account!.address;
  if (attester.toLowerCase() !== self.toLowerCase())
    throw new AttestationRefusedError(`Contribution ${id} was attested by ${attester}; only it may revoke it.`);
  const { transactionHash } = await sendContract({
    publicClient,
    walletClient,
    ...ledger,
    functionName: "revoke",
    args: [id, reason],
  });
  return { id, transactionHash };
}
