/**
 * Checks an account's leaves in a finalised epoch: each leaf is hashed and its proof (from the published
 * manifest, whose hash must be the on-chain one) is folded up to a root, which must be the epoch's on-chain root.
 */

import {
  bytesToHex,
  type Deployment,
  type ManifestLeaf,
  PAYOUT_LEAF_ENCODING,
  payoutDistributorAbi,
} from "@coherence/protocol";
import { type Address, getAddress, type Hex, type PublicClient } from "viem";
import { getProofBytes } from "../merkle/flatTree.ts";
import { StandardTree } from "../merkle/standardTree.ts";
import type { ManifestStore } from "../operator/manifestStore.ts";
import { finalisedEpoch } from "./finalisedEpoch.ts";

export type VerifiedLeaf = {
  token: Address;
  cumulative: bigint;
  claimed: bigint;
  claimable: bigint;
  proof: Hex[];
  valid: boolean;
};

export type VerifyAccountReturnType = { account: Address; epoch: bigint; root: Hex; leaves: VerifiedLeaf[] };

export async function verifyAccount(parameters: {
  client: PublicClient;
  deployment: Deployment;
  account: Address;
  manifests: ManifestStore;
  /** A finalised epoch; the latest by default. */
  epoch?: bigint;
}): Promise<VerifyAccountReturnType> {
  const { client, deployment, manifests } = parameters;
  const account = getAddress(parameters.account);
  const distributor = deployment.contracts.PayoutDistributor.address;
  const epoch = await finalisedEpoch({ client, deployment, epoch: parameters.epoch });
  // Streamed: only the account's leaves and the payout tree's nodes are kept, whatever the epoch's size.
  const lower = account.toLowerCase();
  const mine: ManifestLeaf[] = [];
  let nodes: Uint8Array = new Uint8Array(0);
  await manifests.scan(epoch.epoch, epoch.manifestHash, {
    elements: { leaves: (l) => void (l.account === lower && mine.push(l)) },
    nodes: (section, bytes) => {
      if (section === "payoutTree.nodes") nodes = bytes;
    },
  });
  const leaves: VerifiedLeaf[] = [];
  for (const leaf of mine) {
    const proofBytes = getProofBytes(nodes, leaf.treeIndex);
    const claimed = await client.readContract({
      address: distributor,
      abi: payoutDistributorAbi,
      functionName: "claimed",
      args: [account, leaf.token],
    });
    leaves.push({
      token: getAddress(leaf.token),
      cumulative: leaf.cumulative,
      claimed,
      claimable: leaf.cumulative > claimed ? leaf.cumulative - claimed : 0n,
      proof: Array.from({ length: proofBytes.length / 32 }, (_, k) => bytesToHex(proofBytes, 32 * k, 32)),
      valid: StandardTree.verify(
        epoch.payoutRoot,
        PAYOUT_LEAF_ENCODING,
        [leaf.account, leaf.token, leaf.cumulative],
        proofBytes,
      ),
    });
  }
  return { account, epoch: epoch.epoch, root: epoch.payoutRoot, leaves };
}
