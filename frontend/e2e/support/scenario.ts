/**
 * The demo world of the end-to-end run: assets with lineage, attested contributions, revenue in two tokens,
 * then one oracle epoch run to finalisation. `setUpWorld` is the one function to swap for the project's shared
 * local-network scenario module when it lands.
 */
import { type Address, createPublicClient, createWalletClient, type Hex, http, keccak256, toHex } from "viem";
import { hardhat } from "viem/chains";

import demoTokenArtifact from "../../../artifacts/contracts/dev/DemoToken.sol/DemoToken.json" with { type: "json" };
import type { DemoToken$Type } from "../../../artifacts/contracts/dev/DemoToken.sol/artifacts.d.ts";
import type { Deployment } from "../../../deploy/deployment.ts";
import { assetRegistryAbi, contributionLedgerAbi, revenueRouterAbi } from "../../../oracle/src/protocol/abis.ts";
import { runEpoch, type RunEpochReturnType } from "./epochRunner.ts";

const demoTokenAbi = demoTokenArtifact.abi as unknown as DemoToken$Type["abi"];

/** Who is who in the demo world (Hardhat's unlocked accounts 10..15). */
export type World = {
  alice: Address;
  bob: Address;
  carol: Address;
  dave: Address;
  /** An account with no contribution: nothing to claim. */
  erin: Address;
  payer: Address;
  epoch: RunEpochReturnType;
};

const USD = 1_000_000n; // dUSD has 6 decimals
const ETH = 10n ** 18n;

/** Seeds the chain and finalises epoch 1 (manifest in `manifestDir`). */
export async function setUpWorld(rpcUrl: string, deployment: Deployment, manifestDir: string): Promise<World> {
  const transport = http(rpcUrl);
  const chain = { ...hardhat, id: deployment.chainId, rpcUrls: { default: { http: [rpcUrl] } } };
  const client = createPublicClient({ transport, chain });
  const accounts = await createWalletClient({ transport, chain }).getAddresses();
  const [alice, bob, carol, dave, erin, payer] = accounts.slice(10, 16) as [Address, Address, Address, Address, Address, Address];
  const wallet = (account: Address) => createWalletClient({ account, transport, chain });
  const send = async (hash: Promise<Hex>): Promise<void> => {
    const receipt = await client.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
  };
  const { AssetRegistry, ContributionLedger, RevenueRouter } = deployment.contracts;
  const [usd, eth] = deployment.tokens;
  if (usd === undefined || eth === undefined) throw new Error("the deployment has no demo tokens");

  // Lineage: 1 core library <- 2 model (20%), 1 <- 3 docs (10%), {2 (15%), 3 (5%)} <- 4 app.
  const assets: { owner: Address; name: string; kind: number; parents: bigint[]; weights: number[] }[] = [
    { owner: alice, name: "core-library", kind: 0, parents: [], weights: [] },
    { owner: bob, name: "ranking-model", kind: 1, parents: [1n], weights: [2000] },
    { owner: carol, name: "handbook", kind: 3, parents: [1n], weights: [1000] },
    { owner: dave, name: "mobile-app", kind: 0, parents: [2n, 3n], weights: [1500, 500] },
  ];
  for (const a of assets) {
    await send(
      wallet(a.owner).writeContract({
        address: AssetRegistry.address,
        abi: assetRegistryAbi,
        functionName: "register",
        args: [keccak256(toHex(a.name)), `https://demo.coherence.network/assets/${a.name}.json`, a.kind, a.parents, a.weights],
      }),
    );
  }

  const attester = deployment.parameters.attesters[0]!;
  const contribution = (contributor: Address, assetId: bigint, labor: bigint, tools: bigint, compute: bigint, evidence: string) => ({
    contributor,
    assetId,
    laborMicroUsd: labor * USD,
    toolsMicroUsd: tools * USD,
    computeMicroUsd: compute * USD,
    evidenceHash: keccak256(toHex(evidence)),
    evidenceUri: `https://git.demo/coherence/commit/${evidence}`,
  });
  await send(
    wallet(attester).writeContract({
      address: ContributionLedger.address,
      abi: contributionLedgerAbi,
      functionName: "attestBatch",
      args: [
        [
          contribution(alice, 1n, 1200n, 50n, 10n, "a11ce01"),
          contribution(bob, 1n, 800n, 0n, 40n, "b0b0001"),
          contribution(bob, 2n, 1500n, 100n, 600n, "b0b0002"),
          contribution(carol, 3n, 400n, 0n, 0n, "ca7010"),
          contribution(dave, 4n, 2000n, 200n, 100n, "da7e01"),
          contribution(alice, 4n, 300n, 0n, 0n, "a11ce02"),
        ],
      ],
    }),
  );

  // Revenue: 1,000 dUSD to the app, 200 dUSD to the library, 0.5 dETH to the model.
  const payments: { token: Address; assetId: bigint; amount: bigint }[] = [
    { token: usd.address, assetId: 4n, amount: 1000n * USD },
    { token: usd.address, assetId: 1n, amount: 200n * USD },
    { token: eth.address, assetId: 2n, amount: ETH / 2n },
  ];
  const payerWallet = wallet(payer);
  for (const p of payments) {
    await send(payerWallet.writeContract({ address: p.token, abi: demoTokenAbi, functionName: "mint", args: [payer, p.amount] }));
    await send(payerWallet.writeContract({ address: p.token, abi: demoTokenAbi, functionName: "approve", args: [RevenueRouter.address, p.amount] }));
    await send(
      payerWallet.writeContract({ address: RevenueRouter.address, abi: revenueRouterAbi, functionName: "pay", args: [p.assetId, p.token, p.amount] }),
    );
  }

  const epoch = await runEpoch({ rpcUrl, deployment, manifestDir });
  return { alice, bob, carol, dave, erin, payer, epoch };
}
