import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Chainlink's USD feeds answer with 8 decimals; the demo's do too. */
const FEED_DECIMALS = 8;

/**
 * Two mintable ERC-20s for local networks and demos, so that both ways of paying revenue exist: a 6-decimal
 * stablecoin with EIP-2612 permit (paid in one transaction, `RevenueRouter.payWithPermit`) and an 18-decimal token
 * without (approved first, then `RevenueRouter.pay`); and a USD price feed for each (Chainlink's interface), so
 * the web app shows money in dollars as it does on Arbitrum.
 */
export default buildModule("DemoTokens", (m) => {
  const usd = m.contract("DemoPermitToken", ["Demo USD", "dUSD", 6], { id: "DemoUSD" });
  const eth = m.contract("DemoToken", ["Demo Ether", "dETH", 18], { id: "DemoEther" });
  const usdFeed = m.contract("DemoPriceFeed", [FEED_DECIMALS, "dUSD / USD", 1n * 10n ** 8n], { id: "DemoUSDFeed" });
  const ethFeed = m.contract("DemoPriceFeed", [FEED_DECIMALS, "dETH / USD", 3_000n * 10n ** 8n], {
    id: "DemoEtherFeed",
  });
  return { usd, eth, usdFeed, ethFeed };
});
