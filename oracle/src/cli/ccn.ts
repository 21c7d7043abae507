#!/usr/bin/env node
/**
 * `ccn`: the oracle's command line, for operators, auditors and local networks.
 *
 *   ccn scenario apply <file>                 apply a scenario to the chain of a deployment file
 *   ccn epoch prepare [--to-block N]          compute the next epoch and write its manifest and proposal
 *   ccn epoch sign <proposal.json>            recompute the epoch; sign it only if it matches
 *   ccn epoch submit <proposal.json> <signature.json>...   propose with a quorum (idempotent)
 *   ccn epoch finalise <proposal.json>        finalise after the challenge window (idempotent)
 *   ccn audit <epoch> [--rescore]             recompute an epoch from the chain and its manifest
 *   ccn verify <account> [--epoch N]          check an account's leaves and proofs against the on-chain root
 *
 * Options: --config FILE (or CCN_CONFIG; default ./ccn.config.json), --json. Keys: CCN_ORACLE_PRIVATE_KEY, or
 * CCN_ORACLE_KEYSTORE with CCN_ORACLE_KEYSTORE_PASSWORD.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { getAddress, isAddress } from "viem";

import { auditEpoch } from "../audit/auditEpoch.ts";
import { verifyAccount } from "../audit/verifyAccount.ts";
import { publicClientOf, walletClientOf } from "../chain/clients.ts";
import { readProposalFile, readSignatureFile, writeProposalFile, writeSignatureFile } from "../operator/epochFiles.ts";
import { loadOperatorAccount } from "../operator/keys.ts";
import { ManifestStore } from "../operator/manifestStore.ts";
import { prepareEpoch } from "../operator/prepareEpoch.ts";
import { signEpoch } from "../operator/signing.ts";
import { finaliseEpoch, submitEpoch } from "../operator/submitEpoch.ts";
import { BaseError, type EpochProposal } from "@coherence/protocol";
import { applyScenario, summariseEpoch } from "../scenario/applyScenario.ts";
import { readScenario } from "../scenario/validateScenario.ts";
import { ScoreStore } from "../scoring/scoreStore.ts";
import { readOracleConfig, scenarioOracleConfig, writeOracleConfig } from "./oracleConfig.ts";
import { codeVersion } from "./codeVersion.ts";
import { loadDeployment } from "@coherence/protocol/node";

const USAGE = `usage:
  ccn scenario apply <file> [--rpc URL] [--deployments DIR] [--work DIR] [--no-time-travel]
  ccn epoch prepare [--to-block N] [--out FILE]
  ccn epoch sign <proposal.json> [--out FILE]
  ccn epoch submit <proposal.json> <signature.json>...
  ccn epoch finalise <proposal.json>
  ccn audit <epoch> [--rescore]
  ccn verify <account> [--epoch N]
options: --config FILE (or CCN_CONFIG; default ./ccn.config.json), --json
keys: CCN_ORACLE_PRIVATE_KEY, or CCN_ORACLE_KEYSTORE with CCN_ORACLE_KEYSTORE_PASSWORD`;

class UsageError extends BaseError {
  override name = "UsageError";
}

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
    rescore: { type: "boolean", default: false },
    epoch: { type: "string" },
    "to-block": { type: "string" },
    out: { type: "string" },
    rpc: { type: "string" },
    deployments: { type: "string" },
    work: { type: "string" },
    "no-time-travel": { type: "boolean", default: false },
  },
});

const print = (text: string) => process.stdout.write(`${text}\n`);
const toJson = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);

async function main(): Promise<number> {
  const [command, sub, ...rest] = positionals;
  if (options.help || command === undefined) {
    print(USAGE);
    return command === undefined && !options.help ? 2 : 0;
  }
  if (command === "scenario" && sub === "apply") return scenarioApply(rest[0]);
  const config = await readOracleConfig(options.config ?? process.env.CCN_CONFIG ?? "ccn.config.json");
  const client = publicClientOf(config.chainId, config.rpcUrl);
  const deployment = await loadDeployment(config.chainId, config.deploymentsDir);
  const distributor = deployment.contracts.PayoutDistributor.address;
  const published = new ManifestStore(config.manifestsDir);

  const prepare = async (toBlock?: bigint) =>
    prepareEpoch({
      client,
      deployment,
      toBlock: toBlock ?? (await client.getBlockNumber()),
      scoring: config.scoring,
      reviews: config.reviews,
      scores: await ScoreStore.open(path.join(config.dataDir, "scores")),
      manifests: new ManifestStore(path.join(config.dataDir, "manifests")),
      codeVersion: await codeVersion(),
    });

  if (command === "epoch" && sub === "prepare") {
    const epoch = await prepare(options["to-block"] !== undefined ? BigInt(options["to-block"]) : undefined);
    const out = options.out ?? path.join(config.dataDir, `proposal-${epoch.proposal.epoch}.json`);
    await writeProposalFile(out, epoch.proposal);
    print(options.json ? toJson(epoch.proposal) : `epoch ${epoch.proposal.epoch}: blocks ${epoch.proposal.fromBlock}..${epoch.proposal.toBlock}, payout root ${epoch.proposal.payoutRoot}\nmanifest ${epoch.manifestFile} (${epoch.proposal.manifestHash})\nproposal ${out}`);
    return 0;
  }
  if (command === "epoch" && sub === "sign") {
    const requested = await readProposal(rest[0]);
    const account = await loadOperatorAccount(); // Before the recomputation: a missing key should not cost a full epoch.
    const ours = await prepare(requested.toBlock);
    const signature = await signEpoch({ account, chainId: deployment.chainId, distributor, ours: ours.proposal, requested });
    const out = options.out ?? path.join(config.dataDir, `signature-${requested.epoch}-${signature.signer}.json`);
    await writeSignatureFile(out, signature);
    print(options.json ? toJson(signature) : `${signature.signer} reproduced epoch ${requested.epoch} and signed it: ${out}`);
    return 0;
  }
  if (command === "epoch" && (sub === "submit" || sub === "finalise")) {
    const proposal = await readProposal(rest[0]);
    const walletClient = walletClientOf(deployment.chainId, config.rpcUrl, await loadOperatorAccount());
    const clients = { publicClient: client, walletClient, distributor, chainId: deployment.chainId };
    if (sub === "finalise") {
      const outcome = await finaliseEpoch({ ...clients, proposal });
      print(options.json ? toJson(outcome) : `epoch ${proposal.epoch}: ${outcome.status}`);
      return 0;
    }
    const signatures = await Promise.all(rest.slice(1).map(readSignatureFile));
    const outcome = await submitEpoch({ ...clients, proposal, signatures });
    await mkdir(config.manifestsDir, { recursive: true });
    const own = new ManifestStore(path.join(config.dataDir, "manifests"));
    if (await own.has(proposal.epoch)) {
      const { manifest } = await own.read(proposal.epoch, proposal.manifestHash);
      await published.write(manifest);
    }
    print(options.json ? toJson(outcome) : `epoch ${proposal.epoch}: ${outcome.status}${"challengeDeadline" in outcome ? `, challenge window until ${new Date(Number(outcome.challengeDeadline) * 1000).toISOString()}` : ""}`);
    return 0;
  }
  if (command === "audit") {
    if (sub === undefined) throw new UsageError("usage: ccn audit <epoch> [--rescore]");
    const report = await auditEpoch({
      client,
      deployment,
      epoch: BigInt(sub),
      manifests: published,
      ...(options.rescore ? { rescore: { scoring: config.scoring, reviews: config.reviews } } : {}),
    });
    if (options.json) print(toJson(report));
    else {
      print(`epoch ${report.epoch} (${report.status}): ${report.ok ? "audit passed" : `${report.findings.length} finding(s)`} — checked ${report.checks.join(", ")}`);
      for (const finding of report.findings) print(`  ${finding.check}: ${finding.message}`);
    }
    return report.ok ? 0 : 1;
  }
  if (command === "verify") {
    if (sub === undefined || !isAddress(sub)) throw new UsageError("usage: ccn verify <account> [--epoch N]");
    const report = await verifyAccount({ client, deployment, account: getAddress(sub), manifests: published, ...(options.epoch !== undefined ? { epoch: BigInt(options.epoch) } : {}) });
    if (options.json) print(toJson(report));
    else {
      print(`${report.account} in epoch ${report.epoch} (root ${report.root}):`);
      if (report.leaves.length === 0) print("  no leaves: nothing was ever allocated to this account");
      for (const leaf of report.leaves) {
        print(`  ${leaf.token}: cumulative ${leaf.cumulative}, claimed ${leaf.claimed}, claimable ${leaf.claimable}; proof of ${leaf.proof.length} node(s) ${leaf.valid ? "verifies" : "DOES NOT verify"} against the root`);
      }
    }
    return report.leaves.every((l) => l.valid) ? 0 : 1;
  }
  throw new UsageError(USAGE);
}

async function readProposal(file: string | undefined): Promise<EpochProposal> {
  if (file === undefined) throw new UsageError("pass the proposal file written by `ccn epoch prepare`");
  return readProposalFile(file);
}

async function scenarioApply(file: string | undefined): Promise<number> {
  if (file === undefined) throw new UsageError("usage: ccn scenario apply <file> [--rpc URL] [--deployments DIR] [--work DIR]");
  const scenario = await readScenario(file);
  const rpcUrl = options.rpc ?? process.env.CCN_RPC_URL ?? "http://127.0.0.1:8545";
  const chainId = await publicClientOf(31337, rpcUrl).getChainId();
  const client = publicClientOf(chainId, rpcUrl);
  const deploymentsDir = path.resolve(options.deployments ?? "deployments");
  const deployment = await loadDeployment(chainId, deploymentsDir);
  const workDir = path.resolve(options.work ?? ".ccn");
  const applied = await applyScenario({
    scenario,
    deployment,
    rpcUrl,
    publicClient: client,
    workDir,
    codeVersion: await codeVersion(),
    timeTravel: chainId === 31337 && !options["no-time-travel"],
    log: options.json ? () => {} : (line) => print(`  ${line}`),
  });
  const configFile = path.join(workDir, "ccn.config.json");
  await writeOracleConfig(configFile, scenarioOracleConfig(applied, { chainId, rpcUrl, deploymentsDir }));
  if (options.json) {
    print(toJson({ assets: applied.assets, contributions: applied.contributions, epochs: applied.epochs.map((e) => e.prepared.proposal), config: configFile }));
    return 0;
  }
  const names = new Map([...applied.accounts].map(([name, account]) => [account.address.toLowerCase(), name]));
  const tokens = new Map(deployment.tokens.map((t) => [t.address.toLowerCase(), t]));
  const assets = new Map(Object.entries(applied.assets).map(([key, id]) => [id, key]));
  for (const run of applied.epochs) {
    print(`\nEpoch ${run.prepared.proposal.epoch} — who earned what, and why:`);
    for (const line of summariseEpoch(run.prepared.result, names, tokens, assets)) print(`  ${line}`);
  }
  print(`\nOracle config for this network: ${configFile} (e.g. ccn audit 1 --config ${configFile})`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ccn: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
