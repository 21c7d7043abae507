import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Two mintable ERC-20s for local networks and demos: a 6-decimal stablecoin and an 18-decimal token. */
export default buildModule("DemoTokens", (m) => {
  const usd = m.contract("DemoToken", ["Demo USD", "dUSD", 6], { id: "DemoUSD" });
  const eth = m.contract("DemoToken", ["Demo Ether", "dETH", 18], { id: "DemoEther" });
  return { usd, eth };
});
