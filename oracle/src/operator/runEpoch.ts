/**
 * One epoch, end to end, with a quorum of independent operators: each computes the epoch on its own (its own
 * score store and manifests), signs only if it reproduced the proposal, and one transaction submits the quorum.
 * After the challenge window — skipped by moving time on a local chain — anyone finalises. The manifest is then
 * published (copied to the directory the indexer and auditors read), with its CAR in `car/<cid>.car` there, whose
 * CID the propose transaction records.
 */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { type Deployment, payoutDistributorAbi } from "@coherence/protocol";
import type { LocalAccount, PublicClient } from "viem";
import { walletClientOf } from "../chain/clients.ts";
import { finalisedHead } from "../chain/finality.ts";
import type { CostChecksInputs } from "../costs/costChecksOf.ts";
import { packCar } from "../publish/packCar.ts";
import type { ScoringConfig } from "../scoring/config.ts";
import type { ReviewScore } from "../scoring/reviewScore.ts";
import { ScoreStore } from "../scoring/scoreStore.ts";
import { ManifestStore } from "./manifestStore.ts";
import { type PreparedEpoch, prepareEpoch } from "./prepareEpoch.ts";
import { signEpoch } from "./signing.ts";
import { finaliseEpoch, type SubmitOutcome, submitEpoch } from "./submitEpoch.ts";

export type EpochOperator = { name: string; account: LocalAccount; dataDir: string };

export type RunEpochParameters = {
  publicClient: PublicClient;
  rpcUrl: string;
  deployment: Deployment;
  /** The operators that compute and sign; the first one submits. */
  operators: readonly EpochOperator[];
  scoring: ScoringConfig;
  reviews: Readonly<Record<string, ReviewScore>>;
  /** The published cost documents and how to check them (the same for every operator). */
  costs: CostChecksInputs;
  codeVersion: string;
  /** Where the finalised manifest is published. */
  publishDir: string;
  /** Defaults to the chain's finalised head; a later block is refused. */
  toBlock?: bigint;
  /** On a local chain: move time past the challenge window and finalise at once. */
  timeTravel?: boolean;
};

export type RunEpochReturnType = {
  prepared: PreparedEpoch;
  submitted: SubmitOutcome;
  finalised: boolean;
  publishedManifest: string;
  /** The manifest's IPFS CID, recorded with the proposal. */
  manifestCid: string;
};

export async function runEpoch(parameters: RunEpochParameters): Promise<RunEpochReturnType> {
  const { publicClient, deployment, operators, rpcUrl } = parameters;
  // Resolved once: every operator must compute the same range, even if the chain finalises more meanwhile.
  const toBlock = parameters.toBlock ?? (await finalisedHead(publicClient));
  const distributor = deployment.contracts.PayoutDistributor.address;

  const computations: PreparedEpoch[] = [];
  for (const operator of operators) {
    computations.push(
      await prepareEpoch({
        client: publicClient,
        deployment,
        toBlock,
        scoring: parameters.scoring,
        reviews: parameters.reviews,
        costs: parameters.costs,
        scores: await ScoreStore.open(path.join(operator.dataDir, "scores")),
        manifests: new ManifestStore(path.join(operator.dataDir, "manifests")),
        codeVersion: parameters.codeVersion,
      }),
    );
  }
  const requested = computations[0]!.proposal;
  const signatures = await Promise.all(
    operators.map((operator, i) =>
      signEpoch({
        account: operator.account,
        chainId: deployment.chainId,
        distributor,
        ours: computations[i]!.proposal,
        requested,
      }),
    ),
  );

  const submitter = walletClientOf(deployment.chainId, rpcUrl, operators[0]!.account);
  const clients = { publicClient, walletClient: submitter, distributor, chainId: deployment.chainId };
  const { cid: manifestCid } = await packCar(computations[0]!.manifestFile, path.join(parameters.publishDir, "car"));
  const submitted = await submitEpoch({ ...clients, proposal: requested, signatures, manifestCid });

  let finalised = submitted.status === "already-finalised";
  if (!finalised && parameters.timeTravel) {
    const [, , challengePeriod] = await publicClient.readContract({
      address: distributor,
      abi: payoutDistributorAbi,
      functionName: "oracleConfig",
    });
    await advanceTime(publicClient, challengePeriod);
    await finaliseEpoch({ ...clients, proposal: requested });
    finalised = true;
  }

  await mkdir(parameters.publishDir, { recursive: true });
  const publishedManifest = path.join(parameters.publishDir, path.basename(computations[0]!.manifestFile));
  await copyFile(computations[0]!.manifestFile, publishedManifest);
  // The next epoch's operators and auditors read on from the chain state this manifest commits.
  await new ManifestStore(parameters.publishDir).copyStateFrom(
    new ManifestStore(path.dirname(computations[0]!.manifestFile)),
    requested.epoch,
  );
  return { prepared: computations[0]!, submitted, finalised, publishedManifest, manifestCid };
}

/** Moves a local chain's clock forward and mines a block at the new time. */
export async function advanceTime(client: PublicClient, seconds: number): Promise<void> {
  const request = client.request as unknown as (args: { method: string; params: unknown[] }) => Promise<unknown>;
  await request({ method: "evm_increaseTime", params: [seconds] });
  await request({ method: "evm_mine", params: [] });
}
