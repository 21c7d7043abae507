import assert from "node:assert/strict";
import { test } from "node:test";

import { DEPLOYMENT_FORMAT, parseDeployment } from "./deployment.ts";

const ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const contract = { address: ADDRESS, startBlock: 1, artifact: "artifacts/contracts/X.sol/X.json" };
const token = { address: ADDRESS, symbol: "dETH", name: "Demo Ether", decimals: 18, startBlock: 1 };

/** A local deployment file as `deployCoherence` wrote it before tokens said whether they have permit. */
function olderFile(tokens: unknown[] = [token]) {
  return {
    format: DEPLOYMENT_FORMAT,
    chainId: 31337,
    network: "local",
    contracts: {
      AssetRegistry: contract,
      ContributionLedger: contract,
      PayoutDistributor: contract,
      RevenueRouter: contract,
      CoherenceTimelock: contract,
    },
    tokens,
    parameters: {
      adminDelay: 0,
      admin: ADDRESS,
      governanceDelay: 7200,
      governors: [ADDRESS],
      guardians: [ADDRESS],
      oracles: [ADDRESS],
      threshold: 1,
      challengePeriod: 3600,
      attesters: [ADDRESS],
      verifiers: [ADDRESS],
      treasury: ADDRESS,
      reserve: ADDRESS,
      feeBps: 200,
      poolBps: 5000,
      tokens: [ADDRESS],
    },
  };
}

test("a deployment file written before `permit` still reads, its tokens without permit", () => {
  const [read] = parseDeployment(olderFile()).tokens;
  assert.equal(read?.symbol, "dETH");
  assert.equal(read?.permit, undefined);
});

test("a deployment file written before the forge link registry still reads, with no registry and no linkers", () => {
  const read = parseDeployment(olderFile());
  assert.equal(read.contracts.ForgeLinkRegistry, undefined);
  assert.equal(read.parameters.linkers, undefined);
  const withRegistry = { ...olderFile(), contracts: { ...olderFile().contracts, ForgeLinkRegistry: contract } };
  assert.equal(parseDeployment(withRegistry).contracts.ForgeLinkRegistry?.address, ADDRESS);
});

test("a token entry says whether the token has EIP-2612 permit", () => {
  const tokens = [
    { ...token, symbol: "dUSD", name: "Demo USD", decimals: 6, permit: true },
    { ...token, permit: false },
  ];
  assert.deepEqual(
    parseDeployment(olderFile(tokens)).tokens.map((t) => [t.symbol, t.permit]),
    [
      ["dUSD", true],
      ["dETH", false],
    ],
  );
});

test("a `permit` that is not true or false is refused, naming the field", () => {
  assert.throws(
    () => parseDeployment(olderFile([{ ...token, permit: "yes" }]), "deployments/31337.json"),
    /deployments\/31337\.json: tokens\[0\]\.permit: expected true or false, got/,
  );
});
