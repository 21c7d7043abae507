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
  MAX_HOSTING_FEE_BPS,
  MAX_WITHDRAWAL_DELAY,
  MIN_CHALLENGE_PERIOD,
  MIN_WITHDRAWAL_DELAY,
  object,
  optional,
  refine,
  string,
} from "@coherence/protocol";
import { readJsonFile } from "@coherence/protocol/node";

const PARAMETERS_DIR = path.resolve(import.meta.dirname, "parameters");

const account = address({ nonZero: true });
/** Distinct, non-zero addresses, maybe none. */
const someAccounts = refine(array(account), (list, problem) => {
  const repeat = firstRepeat(list, (a) => a.toLowerCase());
  if (repeat !== undefined) problem([repeat], "is listed twice");
});
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
    /** The timelock's delay: seconds from scheduling a privileged change to the earliest time it takes effect. */
    governanceDelay: integer(),
    /** Who may schedule privileged changes on the timelock (on public networks, a multisig). */
    governors: accounts,
    /** Who may veto proposals, pause claims and cancel scheduled changes, at once. */
    guardians: accounts,
    oracles: accounts,
    threshold: integer({ min: 1 }),
    challengePeriod: integer({ min: MIN_CHALLENGE_PERIOD, max: MAX_CHALLENGE_PERIOD }),
    attesters: accounts,
    /** Who may sign that an address is a content hash's author (for example the forge intake); may be none. */
    verifiers: someAccounts,
    /** Who may record forge links on the ForgeLinkRegistry (the forge intake's key); absent: none. */
    linkers: optional(someAccounts),
    treasury: account,
    reserve: account,
    feeBps: integer({ max: MAX_FEE_BPS }),
    poolBps: integer({ max: BPS }),
    /** Tokens allowlisted from the start (local deploys add their demo tokens). */
    tokens: optional(array(account)),
    /** The MeteringEscrow's seconds per period (free use, anchored records); absent: a day. Fixed once deployed. */
    meteringPeriod: optional(integer({ min: 60 })),
    /** Seconds a payer's withdrawal from the MeteringEscrow waits, so runners redeem first; absent: a day. */
    meteringWithdrawalDelay: optional(integer({ min: MIN_WITHDRAWAL_DELAY, max: MAX_WITHDRAWAL_DELAY })),
    /** The cap on a voucher's hosting fee, in basis points of what it owes the asset; absent: 1,000 (10%). */
    maxHostingFeeBps: optional(integer({ max: MAX_HOSTING_FEE_BPS })),
  }),
  (p, problem) => {
    const oracles = p.oracles.length;
    if (p.threshold > oracles) problem(["threshold"], `is ${p.threshold}, more than the ${oracles} oracle(s) listed`);
    // No single oracle key may propose a root, and no minority of them.
    if (p.threshold < 2 || p.threshold * 2 <= oracles) {
      problem(["threshold"], `is ${p.threshold} of ${oracles}: it must be at least 2 and more than half the oracles`);
    }
    const oracleSet = new Set(p.oracles.map((o) => o.toLowerCase()));
    const both = p.guardians.find((g) => oracleSet.has(g.toLowerCase()));
    if (both !== undefined) problem(["guardians"], `lists ${both}, an oracle: whoever vetoes roots must not sign them`);
    // A privileged change must wait longer than a root does, so a pending root never meets a change it was not
    // proposed under without guardians and users having seen it coming.
    if (p.governanceDelay <= p.challengePeriod) {
      problem(
        ["governanceDelay"],
        `is ${p.governanceDelay} s, not longer than the challenge period (${p.challengePeriod} s)`,
      );
    }
  },
);
export type NetworkParameters = Omit<Infer<typeof networkParametersSchema>, "$comment">;

/** Reads and validates `deploy/parameters/<network>.json`. */
export async function readNetworkParameters(network: string, dir = PARAMETERS_DIR): Promise<NetworkParameters> {
  const { $comment: _, ...parameters } = await readJsonFile(networkParametersSchema, path.join(dir, `${network}.json`));
  return parameters;
}
