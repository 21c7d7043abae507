/**
 * `ccn usage replay <runner> <period>`: replays a sample of a runner's anchored records of run from their pinned
 * bundles and compares output hashes; with `--dispute`, a mismatch is disputed on the MeteringEscrow, which freezes
 * the runner's vouchers of that period and later. Exits 1 unless every sampled record matched.
 */
import { decimal, integerText, MAX_UINT64, string } from "@coherence/protocol";

import { disputeRecord, type OpenedDispute } from "../../usage/disputeRecord.ts";
import { escrowOf } from "../../usage/escrowEvents.ts";
import { DEFAULT_SAMPLE, type Replay, replayPeriod } from "../../usage/replayRecords.ts";
import type { Arguments, CommandContext, CommandOutput, CommandParameters } from "../command.ts";
import { accountClients, openNetwork } from "../network.ts";
import { ACCOUNT_ENVIRONMENT, checkedAddress, configOption } from "../sharedParameters.ts";

export const parameters = {
  words: ["usage", "replay"],
  summary: "replay a sample of a runner's anchored records of run and compare output hashes (--dispute a mismatch)",
  positionals: [
    { name: "runner", value: "runner", help: "the runner's address", schema: checkedAddress },
    { name: "period", value: "period", help: "the anchored period", schema: decimal({ max: MAX_UINT64 }) },
  ],
  options: {
    bundle: {
      type: "string",
      value: "MANIFEST[,MANIFEST]",
      help: "the coherence.bundle.json of each composable the records may name (found by content hash; required)",
      schema: string({ minLength: 1, expected: "one or more manifest paths, comma-separated" }),
    },
    sample: {
      type: "string",
      value: "N",
      help: `how many records to replay, drawn with the seed of the finalised block after the anchor's (default ${DEFAULT_SAMPLE})`,
      schema: integerText({ min: 1, max: 1_000_000 }),
    },
    dispute: { type: "boolean", help: "dispute the first mismatch on the MeteringEscrow, approving the bond first" },
    ...configOption,
  },
  environment: ACCOUNT_ENVIRONMENT,
} as const satisfies CommandParameters;

export type ReplayOutcome = { replay: Replay; dispute?: OpenedDispute };

export async function run(args: Arguments<typeof parameters>, context: CommandContext): Promise<ReplayOutcome> {
  const network = await openNetwork(args.config, context.env);
  const escrow = escrowOf(network.deployment);
  // The signer is loaded before the replay, so a missing key is said before minutes of replaying.
  const clients = args.dispute ? await accountClients(network, context.env) : undefined;
  const replay = await replayPeriod({
    client: network.client,
    escrow,
    runner: args.runner,
    period: args.period,
    manifests: (args.bundle ?? "").split(",").filter((file) => file !== ""),
    sample: args.sample ?? DEFAULT_SAMPLE,
  });
  const mismatch = replay.records.find((r) => r.result === "mismatch");
  if (clients === undefined || mismatch === undefined) return { replay };
  context.log(`record ${mismatch.index} does not replay: disputing it`);
  return { replay, dispute: await disputeRecord({ ...clients, escrow }, replay, mismatch) };
}

export function output({ replay, dispute }: ReplayOutcome): CommandOutput {
  const records = replay.records.map(({ published: _, ...replayed }) => replayed);
  const failed = records.filter((r) => r.result !== "matched").length;
  return {
    json: { ...replay, records, ...(dispute !== undefined ? { dispute } : {}) },
    text: [
      `${replay.runner} period ${replay.period}: ${replay.count} records under ${replay.root}, anchored in block ${replay.anchorBlock}`,
      `  records file ${replay.uri}`,
      `  seed ${replay.seed} (block ${replay.seedBlock} ${replay.seedBlockHash}): ${records.length} sampled`,
      ...records.map(
        (r) =>
          `  record ${r.index} nonce ${r.nonce} payer ${r.payer} asset ${r.assetId}: ${r.result}` +
          (r.result === "matched"
            ? ""
            : ` (recorded ${r.expectedOutputHash}, replayed ${r.actualOutputHash ?? "none"})`) +
          (r.problem !== undefined ? `: ${r.problem}` : ""),
      ),
      failed === 0 ? "Every sampled record replays." : `${failed} of ${records.length} sampled records do not replay.`,
      ...(dispute !== undefined
        ? [
            `disputed as dispute ${dispute.disputeId} (bond ${dispute.bond} base units of ${dispute.token}), tx ${dispute.transactionHash}`,
          ]
        : []),
    ],
    exitCode: failed === 0 ? 0 : 1,
  };
}
