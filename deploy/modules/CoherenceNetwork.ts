import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The whole protocol, wired and handed over at construction: the timelock first, then registry, ledger,
 * distributor, router, forge link registry and metering escrow with the timelock as their admin. No transaction grants the deployer anything, so it
 * holds no role anywhere once this module has run; every later privileged change goes through the timelock's delay.
 */
export default buildModule("CoherenceNetwork", (m) => {
  const adminDelay = m.getParameter<number>("adminDelay");
  const governanceDelay = m.getParameter<number>("governanceDelay");
  const governors = m.getParameter<string[]>("governors");
  const guardians = m.getParameter<string[]>("guardians");
  const oracles = m.getParameter<string[]>("oracles");
  const threshold = m.getParameter<number>("threshold");
  const challengePeriod = m.getParameter<number>("challengePeriod");
  const attesters = m.getParameter<string[]>("attesters");
  const verifiers = m.getParameter<string[]>("verifiers");
  const linkers = m.getParameter<string[]>("linkers", []);
  const treasury = m.getParameter<string>("treasury");
  const reserve = m.getParameter<string>("reserve");
  const feeBps = m.getParameter<number>("feeBps", 200);
  const poolBps = m.getParameter<number>("poolBps", 5_000);
  const tokens = m.getParameter<string[]>("tokens");
  const meteringPeriod = m.getParameter<number>("meteringPeriod", 86_400);
  const meteringWithdrawalDelay = m.getParameter<number>("meteringWithdrawalDelay", 86_400);
  const maxHostingFeeBps = m.getParameter<number>("maxHostingFeeBps", 1_000);

  const timelock = m.contract("CoherenceTimelock", [governanceDelay, governors, guardians]);
  const registry = m.contract("AssetRegistry", [timelock, adminDelay, verifiers]);
  const ledger = m.contract("ContributionLedger", [registry, timelock, adminDelay, attesters]);
  const distributor = m.contract("PayoutDistributor", [
    timelock,
    adminDelay,
    guardians,
    oracles,
    threshold,
    challengePeriod,
    tokens,
  ]);
  const router = m.contract("RevenueRouter", [
    registry,
    distributor,
    timelock,
    adminDelay,
    treasury,
    reserve,
    feeBps,
    poolBps,
  ]);

  const forgeLinks = m.contract("ForgeLinkRegistry", [timelock, adminDelay, linkers]);
  // Guardians uphold replay disputes here as on the distributor; governance sets the delays and rejects disputes.
  const meteringEscrow = m.contract("MeteringEscrow", [
    registry,
    router,
    distributor,
    timelock,
    adminDelay,
    guardians,
    meteringPeriod,
    meteringWithdrawalDelay,
    maxHostingFeeBps,
  ]);

  return { timelock, registry, ledger, distributor, router, forgeLinks, meteringEscrow };
});
