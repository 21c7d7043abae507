import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Two mintable ERC-20s for local networks and demos, so that both ways of paying revenue exist: a 6-decimal
 * stablecoin with EIP-2612 permit (paid in one transaction, `RevenueRouter.payWithPermit`) and an 18-decimal token
 * without (approved first, then `RevenueRouter.pay`).
 */
export default buildModule("DemoTokens", (m) => {
  const usd = m.contract("DemoPermitToken", ["Demo USD", "dUSD", 6], { id: "DemoUSD" });
  const eth = m.contract("DemoToken", ["Demo Ether", "dETH", 18], { id: "DemoEther" });
  return { usd, eth };
});
