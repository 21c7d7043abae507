import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The whole protocol, wired: registry, ledger, distributor, router, and the router's right to fund the
 * distributor. The deployer is the initial admin of every contract (it must be, to grant the funder role);
 * `scripts/deploy.ts` then starts the two-step transfer to the final admin when one is configured.
 */
export default buildModule("CoherenceNetwork", (m) => {
  const deployer = m.getAccount(0);
  const adminDelay = m.getParameter<number>("adminDelay");
  const guardian = m.getParameter<string>("guardian");
  const oracles = m.getParameter<string[]>("oracles");
  const threshold = m.getParameter<number>("threshold");
  const challengePeriod = m.getParameter<number>("challengePeriod");
  const attesters = m.getParameter<string[]>("attesters");
  const treasury = m.getParameter<string>("treasury");
  const reserve = m.getParameter<string>("reserve");
  const feeBps = m.getParameter<number>("feeBps", 200);
  const poolBps = m.getParameter<number>("poolBps", 5_000);

  const registry = m.contract("AssetRegistry");
  const ledger = m.contract("ContributionLedger", [registry, deployer, adminDelay, attesters]);
  const distributor = m.contract("PayoutDistributor", [
    deployer,
    adminDelay,
    guardian,
    oracles,
    threshold,
    challengePeriod,
  ]);
  const router = m.contract("RevenueRouter", [
    registry,
    distributor,
    deployer,
    adminDelay,
    treasury,
    reserve,
    feeBps,
    poolBps,
  ]);

  const funderRole = m.staticCall(distributor, "FUNDER_ROLE");
  m.call(distributor, "grantRole", [funderRole, router]);

  return { registry, ledger, distributor, router };
});
