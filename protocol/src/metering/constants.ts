/**
 * The MeteringEscrow's bounds and the domain of its typed data, as the contract has them
 * (`contracts/MeteringEscrow.sol`; `test/contracts/metering.test.ts` reads them from a deployed escrow).
 */

/** `MeteringEscrow.MIN_WITHDRAWAL_DELAY`, seconds: long enough for a runner to redeem what it is owed. */
export const MIN_WITHDRAWAL_DELAY = 3_600;
/** `MeteringEscrow.MAX_WITHDRAWAL_DELAY`, seconds. */
export const MAX_WITHDRAWAL_DELAY = 30 * 24 * 3_600;
/** `MeteringEscrow.MAX_HOSTING_FEE_BPS`: a runner's hosting fee never exceeds the amount owed to the asset. */
export const MAX_HOSTING_FEE_BPS = 10_000;
/** The hosting fee cap a deployment starts with: the node operator's 10% markup. */
export const DEFAULT_HOSTING_FEE_BPS = 1_000;
