/**
 * The deploy (`deploy/deployCoherence.ts` running the Ignition module `deploy/modules/CoherenceNetwork.ts`) with the
 * local parameters: the timelock is the admin of every contract from its constructor, the deployer holds no role
 * anywhere afterwards, and the deployment file records what the chain has. The parameter rules refuse a single
 * oracle key, a guardian that signs roots and a governance delay no longer than the challenge window. What the
 * contracts then do with their parameters is tested in Solidity (`contracts/test/`).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "@coherence/protocol";
import { expect } from "chai";
import { Signature } from "ethers";
import { network } from "hardhat";
import { deployCoherence } from "../../deploy/deployCoherence.ts";
import { networkParametersSchema, readNetworkParameters } from "../../deploy/parameters.ts";
import { DEFAULT_ADMIN_ROLE, PERMIT_TYPES } from "./fixtures.ts";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function deployFixture() {
  const dir = await mkdtemp(path.join(tmpdir(), "ccn-deploy-"));
  try {
    const deployment = await deployCoherence(connection, {
      network: "local",
      demoTokens: true,
      reset: true,
      deploymentsDir: dir,
      deploymentId: "deploy-test",
    });
    const [deployer] = await ethers.getSigners();
    const c = deployment.contracts;
    return {
      deployment,
      deployer: deployer!,
      timelock: await ethers.getContractAt("CoherenceTimelock", c.CoherenceTimelock.address),
      registry: await ethers.getContractAt("AssetRegistry", c.AssetRegistry.address),
      ledger: await ethers.getContractAt("ContributionLedger", c.ContributionLedger.address),
      distributor: await ethers.getContractAt("PayoutDistributor", c.PayoutDistributor.address),
      router: await ethers.getContractAt("RevenueRouter", c.RevenueRouter.address),
      forgeLinks: await ethers.getContractAt("ForgeLinkRegistry", c.ForgeLinkRegistry!.address),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("deploy", () => {
  it("makes the timelock the admin of the registry, the ledger, the distributor, the router and the forge link registry, and records it", async () => {
    const { deployment, timelock, registry, ledger, distributor, router, forgeLinks } =
      await networkHelpers.loadFixture(deployFixture);
    const timelockAddress = await timelock.getAddress();
    for (const contract of [registry, ledger, distributor, router, forgeLinks]) {
      expect(await contract.getFunction("defaultAdmin")(), "admin").to.equal(timelockAddress);
    }
    expect(deployment.parameters.admin).to.equal(timelockAddress);
    const local = await readNetworkParameters("local");
    expect(await timelock.getFunction("getMinDelay")(), "governance delay").to.equal(BigInt(local.governanceDelay));
    expect(deployment.parameters.governanceDelay).to.equal(local.governanceDelay);
    expect(await timelock.getFunction("hasRole")(DEFAULT_ADMIN_ROLE, timelockAddress), "self-administered").to.equal(
      true,
    );
    const executor = await timelock.getFunction("EXECUTOR_ROLE")();
    expect(await timelock.getFunction("hasRole")(executor, ethers.ZeroAddress), "anyone executes").to.equal(true);
  });

  // Issue 10, finding 3: the deploy left the deployer's hot key as admin of ledger, distributor and router.
  it("leaves the deployer with no role on any contract", async () => {
    const { deployer, timelock, registry, ledger, distributor, router, forgeLinks } =
      await networkHelpers.loadFixture(deployFixture);
    const roles = {
      forgeLinks: [DEFAULT_ADMIN_ROLE, await forgeLinks.getFunction("LINKER_ROLE")()],
      registry: [DEFAULT_ADMIN_ROLE, await registry.getFunction("VERIFIER_ROLE")()],
      ledger: [DEFAULT_ADMIN_ROLE, await ledger.getFunction("ATTESTER_ROLE")()],
      distributor: [DEFAULT_ADMIN_ROLE, await distributor.getFunction("GUARDIAN_ROLE")()],
      router: [DEFAULT_ADMIN_ROLE],
      timelock: await Promise.all(
        ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"].map((r) => timelock.getFunction(r)()),
      ),
    };
    const contracts = { registry, ledger, distributor, router, timelock, forgeLinks };
    for (const [name, list] of Object.entries(roles)) {
      for (const role of [...list, DEFAULT_ADMIN_ROLE]) {
        const held = await contracts[name as keyof typeof contracts].getFunction("hasRole")(role, deployer.address);
        expect(held, `${name} role ${role}`).to.equal(false);
      }
    }
    for (const contract of [ledger, distributor, router, forgeLinks]) {
      const [pending] = await contract.getFunction("pendingDefaultAdmin")();
      expect(pending, "no admin transfer pending").to.equal(ethers.ZeroAddress);
    }
  });

  it("gives governors, guardians, oracles, attesters, verifiers, linkers and the allowlist exactly what the parameters say", async () => {
    const { deployment, timelock, registry, ledger, distributor, forgeLinks } =
      await networkHelpers.loadFixture(deployFixture);
    const p = deployment.parameters;
    const [proposer, canceller] = await Promise.all(
      ["PROPOSER_ROLE", "CANCELLER_ROLE"].map((r) => timelock.getFunction(r)()),
    );
    const guardianRole = await distributor.getFunction("GUARDIAN_ROLE")();
    for (const governor of p.governors) {
      expect(await timelock.getFunction("hasRole")(proposer, governor), `governor ${governor}`).to.equal(true);
    }
    for (const guardian of p.guardians) {
      expect(await distributor.getFunction("hasRole")(guardianRole, guardian), `guardian ${guardian}`).to.equal(true);
      expect(await timelock.getFunction("hasRole")(canceller, guardian), `canceller ${guardian}`).to.equal(true);
      expect(await timelock.getFunction("hasRole")(proposer, guardian), `${guardian} cannot schedule`).to.equal(false);
    }
    for (const oracle of p.oracles) expect(await distributor.getFunction("isOracle")(oracle), oracle).to.equal(true);
    const attesterRole = await ledger.getFunction("ATTESTER_ROLE")();
    for (const attester of p.attesters) {
      expect(await ledger.getFunction("hasRole")(attesterRole, attester), `attester ${attester}`).to.equal(true);
    }
    const verifierRole = await registry.getFunction("VERIFIER_ROLE")();
    expect(p.verifiers, "the local parameters appoint a verifier").to.have.length.above(0);
    for (const verifier of p.verifiers) {
      expect(await registry.getFunction("hasRole")(verifierRole, verifier), `verifier ${verifier}`).to.equal(true);
    }
    const linkerRole = await forgeLinks.getFunction("LINKER_ROLE")();
    // The local attester (account 7) is the intake's key, which records links too.
    expect(p.linkers, "the local parameters appoint the attester as linker").to.deep.equal(p.attesters);
    for (const linker of p.linkers ?? []) {
      expect(await forgeLinks.getFunction("hasRole")(linkerRole, linker), `linker ${linker}`).to.equal(true);
    }
    expect(p.tokens).to.deep.equal(deployment.tokens.map((t) => t.address));
    for (const token of p.tokens) {
      expect(await distributor.getFunction("isTokenAllowed")(token), `allowlisted ${token}`).to.equal(true);
    }
  });

  it("deploys dUSD with EIP-2612 permit and dETH without, as the deployment file says: dUSD pays in one transaction", async () => {
    const { deployment, registry, router } = await networkHelpers.loadFixture(deployFixture);
    const [usd, eth] = ["dUSD", "dETH"].map((symbol) => deployment.tokens.find((t) => t.symbol === symbol)!);
    expect([usd!.permit, eth!.permit], "permit in the deployment file").to.deep.equal([true, false]);

    const [, payer] = await ethers.getSigners();
    await (await registry.connect(payer!).register(ethers.id("paid with a permit"), "", 0, [], [])).wait();
    const assetId = await registry.assetCount();
    const amount = 1_000_000n;
    const deadline = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 3600);
    const dUsd = await ethers.getContractAt("DemoPermitToken", usd!.address, payer!);
    await (await dUsd.mint(payer!.address, amount)).wait();
    // Signed from the shared types and the token's own domain, as the web app signs it.
    const { name, version, chainId, verifyingContract } = await dUsd.eip712Domain();
    const message = { owner: payer!.address, spender: await router.getAddress(), value: amount, nonce: 0n, deadline };
    const permit = Signature.from(
      await payer!.signTypedData({ name, version, chainId, verifyingContract }, PERMIT_TYPES, message),
    );
    const payWithPermit = (token: string) =>
      router.connect(payer!).payWithPermit(assetId, token, amount, deadline, permit.v, permit.r, permit.s);

    const [fee, reserve, pool] = await router.previewSplit(amount);
    await expect(payWithPermit(usd!.address))
      .to.emit(router, "RevenuePaid")
      .withArgs(assetId, usd!.address, payer!.address, amount, fee, reserve, pool);
    expect(await dUsd.balanceOf(payer!.address), "dUSD paid").to.equal(0n);

    // dETH has no `permit`: without an approval, nothing pays.
    const dEth = await ethers.getContractAt("DemoToken", eth!.address, payer!);
    await (await dEth.mint(payer!.address, amount)).wait();
    await expect(payWithPermit(eth!.address))
      .to.be.revertedWithCustomError(router, "RevenueRouterPermitFailed")
      .withArgs(eth!.address, 0n, amount, "0x");
  });
});

describe("deploy parameters", () => {
  const valid = async () => ({ ...(await readNetworkParameters("local")) });
  const problemOf = async (change: (p: Record<string, unknown>) => void) => {
    const parameters: Record<string, unknown> = await valid();
    change(parameters);
    try {
      parse(networkParametersSchema, parameters, { source: "local.json" });
    } catch (error) {
      return (error as Error).message;
    }
    return "accepted";
  };

  it("accepts the local parameters", async () => {
    expect(await problemOf(() => {})).to.equal("accepted");
  });

  it("refuses a threshold of one, or of half the oracles or fewer", async () => {
    expect(await problemOf((p) => Object.assign(p, { threshold: 1 }))).to.match(
      /local\.json: threshold: is 1 of 5: it must be at least 2 and more than half the oracles/,
    );
    expect(await problemOf((p) => Object.assign(p, { threshold: 2 }))).to.match(/threshold: is 2 of 5/);
  });

  it("refuses a guardian that is also an oracle", async () => {
    const message = await problemOf((p) => Object.assign(p, { guardians: [(p.oracles as string[])[0]] }));
    expect(message).to.match(/guardians: lists 0x[0-9a-fA-F]{40}, an oracle/);
  });

  it("refuses a governance delay no longer than the challenge period", async () => {
    const message = await problemOf((p) => Object.assign(p, { governanceDelay: p.challengePeriod }));
    expect(message).to.match(/governanceDelay: is 3600 s, not longer than the challenge period \(3600 s\)/);
  });

  it("refuses the public network templates until their addresses are filled in", async () => {
    for (const name of ["arbitrumOne", "arbitrumSepolia"]) {
      let message = "accepted";
      await readNetworkParameters(name).catch((error: Error) => {
        message = error.message;
      });
      expect(message, name).to.match(new RegExp(`${name}\\.json: governors\\[0\\]: `));
    }
  });
});
