/**
 * Per-network deployment parameters (`deploy/parameters/<network>.json`), declared with the protocol's schema and
 * validated before anything is sent: a zero or malformed address, a threshold above the oracle count or a fee
 * above its cap stops the deploy with a message naming the file and the field.
 */
import path from "node:path";

import {
  address,
  array,
  BPS,
  firstRepeat,
  type Infer,
  integer,
  MAX_ADMIN_DELAY,
  MAX_CHALLENGE_PERIOD,
  MAX_FEE_BPS,
  MIN_CHALLENGE_PERIOD,
  object,
  optional,
  refine,
  string,
} from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

const PARAMETERS_DIR = path.resolve(import.meta.dirname, "parameters");

const account = address({ nonZero: true });
/** At least one distinct, non-zero address. */
const accounts = refine(array(account, { min: 1 }), (list, problem) => {
  const repeat = firstRepeat(list, (a) => a.toLowerCase());
  if (repeat !== undefined) problem([repeat], "is listed twice");
});

export const networkParametersSchema = refine(
  object({
    /** A note for people reading the file. */
    $comment: optional(string()),
    adminDelay: integer({ max: MAX_ADMIN_DELAY }),
    guardian: account,
    oracles: accounts,
    threshold: integer({ min: 1 }),
    challengePeriod: integer({ min: MIN_CHALLENGE_PERIOD, max: MAX_CHALLENGE_PERIOD }),
    attesters: accounts,
    treasury: account,
    reserve: account,
    feeBps: integer({ max: MAX_FEE_BPS }),
    poolBps: integer({ max: BPS }),
    /** Who receives the admin role by two-step transfer after deployment; the deployer when absent. */
    finalAdmin: optional(account),
  }),
  (p, problem) => {
    if (p.threshold > p.oracles.length) {
      problem(["threshold"], `is ${p.threshold}, more than the ${p.oracles.length} oracle(s) listed`);
    }
  },
);
export type NetworkParameters = Omit<Infer<typeof networkParametersSchema>, "$comment">;

/** Reads and validates `deploy/parameters/<network>.json`. */
export async function readNetworkParameters(network: string, dir = PARAMETERS_DIR): Promise<NetworkParameters> {
  const { $comment: _, ...parameters } = await readJsonFile(networkParametersSchema, path.join(dir, `${network}.json`));
  return parameters;
}
