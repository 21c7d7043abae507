import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// No compiler download is possible on our machines: compile with the WASM build of
// the npm package `solc`, pinned in package.json to exactly this version.
const SOLC_VERSION = "0.8.29";

export default defineConfig({
  paths: { ignition: "deploy", tests: { mocha: "test/contracts" } },
  plugins: [hardhatToolboxMochaEthers, hardhatViem],
  solidity: {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      // The gas anchors in the contracts issue were measured with these settings.
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 512 },
      invariant: { runs: 64, depth: 32 },
    },
    mocha: { timeout: 300_000 },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "generic",
      // Tests and the local network start nodes on free ports and say which here.
      url: process.env.CCN_RPC_URL ?? "http://127.0.0.1:8545",
    },
    arbitrumSepolia: {
      type: "http",
      chainType: "generic",
      chainId: 421614,
      url: configVariable("ARBITRUM_SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    arbitrumOne: {
      type: "http",
      chainType: "generic",
      chainId: 42161,
      url: configVariable("ARBITRUM_ONE_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
});
