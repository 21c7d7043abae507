/**
 * The deploy module (`deploy/modules/CoherenceNetwork.ts`) run by Hardhat Ignition with the local network's
 * parameters: each contract gets its parameters, and the roles and admin delays are wired as deployed. What the
 * contracts then do with them is tested in Solidity (`contracts/test/`).
 */
import { expect } from "chai";
import { network } from "hardhat";

import CoherenceNetwork from "../../deploy/modules/CoherenceNetwork.ts";
import { readNetworkParameters } from "../../deploy/parameters.ts";
import type {
  AssetRegistry,
  ContributionLedger,
  PayoutDistributor,
  RevenueRouter,
} from "../../types/ethers-contracts/index.ts";
import { DEFAULT_ADMIN_ROLE } from "./fixtures.ts";

const connection = await network.create();
const { ethers, ignition, networkHelpers } = connection;

/** The local parameters with a real admin delay (3 days), so that the delay's wiring shows. */
const ADMIN_DELAY = 3n * 24n * 60n * 60n;

async function deployFixture() {
  const { finalAdmin: _finalAdmin, ...parameters } = await readNetworkParameters("local");
  const moduleParameters = {
    ...parameters,
    oracles: [...parameters.oracles],
    attesters: [...parameters.attesters],
    adminDelay: Number(ADMIN_DELAY),
  };
  const deployed = await ignition.deploy(CoherenceNetwork, { parameters: { CoherenceNetwork: moduleParameters } });
  const [deployer] = await ethers.getSigners();
  return {
    parameters: moduleParameters,
    deployer: deployer!,
    registry: deployed.registry as unknown as AssetRegistry,
    ledger: deployed.ledger as unknown as ContributionLedger,
    distributor: deployed.distributor as unknown as PayoutDistributor,
    router: deployed.router as unknown as RevenueRouter,
  };
}

describe("CoherenceNetwork deploy module", () => {
  it("deploys the four contracts with the network's parameters", async () => {
    const { parameters, registry, distributor, router } = await networkHelpers.loadFixture(deployFixture);
    expect(await registry.assetCount(), "asset count").to.equal(0n);
    expect(await distributor.oracleConfig(), "oracle count, threshold, challenge period").to.deep.equal([
      BigInt(parameters.oracles.length),
      BigInt(parameters.threshold),
      BigInt(parameters.challengePeriod),
    ]);
    for (const oracle of parameters.oracles)
      expect(await distributor.isOracle(oracle), `oracle ${oracle}`).to.equal(true);
    expect(await router.feeBps(), "fee").to.equal(BigInt(parameters.feeBps ?? 200));
    expect(await router.poolBps(), "pool share").to.equal(BigInt(parameters.poolBps ?? 5_000));
    expect(await router.treasury(), "treasury").to.equal(parameters.treasury);
    expect(await router.reserve(), "reserve").to.equal(parameters.reserve);
  });

  it("wires the roles and admin delays as deployed", async () => {
    const { parameters, deployer, ledger, distributor, router } = await networkHelpers.loadFixture(deployFixture);
    for (const contract of [ledger, distributor, router]) {
      expect(await contract.defaultAdmin(), "admin").to.equal(deployer.address);
      expect(await contract.defaultAdminDelay(), "admin delay").to.equal(ADMIN_DELAY);
    }
    const attesterRole = await ledger.ATTESTER_ROLE();
    for (const attester of parameters.attesters)
      expect(await ledger.hasRole(attesterRole, attester), `attester ${attester}`).to.equal(true);
    const guardianRole = await distributor.GUARDIAN_ROLE();
    const funderRole = await distributor.FUNDER_ROLE();
    expect(await distributor.hasRole(guardianRole, parameters.guardian), "guardian").to.equal(true);
    expect(await distributor.hasRole(funderRole, await router.getAddress()), "the router funds").to.equal(true);
    expect(await distributor.hasRole(funderRole, deployer.address), "the deployer does not fund").to.equal(false);
    // Only the admin grants the protocol's roles.
    expect(await ledger.getRoleAdmin(attesterRole), "ATTESTER_ROLE admin").to.equal(DEFAULT_ADMIN_ROLE);
    expect(await distributor.getRoleAdmin(guardianRole), "GUARDIAN_ROLE admin").to.equal(DEFAULT_ADMIN_ROLE);
    expect(await distributor.getRoleAdmin(funderRole), "FUNDER_ROLE admin").to.equal(DEFAULT_ADMIN_ROLE);
  });
});
