export { type EscrowReader, escrowReader } from "./chain/escrowReader.ts";
export { GatewayCallError, type PayerClient, type PayerClientOptions, payerClient } from "./client/payerClient.ts";
export {
  type ListedComposable,
  listingDisagreement,
  recordPriceDisagreement,
  TermsDisagreeError,
} from "./client/termsCheck.ts";
export { type GatewayOptions, gatewayApp, type ServedComposable } from "./http/gatewayApp.ts";
export { type Charge, chargeOf, type Terms } from "./metering/charge.ts";
export { type CommittedRun, NonceNotNextError, type Owed, UsageBook } from "./metering/usageBook.ts";
export { type SessionCheckerOptions, SessionRefusedError, sessionChecker } from "./session/sessionChecker.ts";
export {
  MalformedSessionError,
  readSessionHeader,
  SESSION_SCHEME,
  type SignedSession,
  sessionToken,
} from "./session/sessionToken.ts";
export { recordDigester, recordSigner } from "./signing/recordSigner.ts";
export { acceptVoucher, VoucherRefusedError } from "./vouchers/acceptVoucher.ts";
export { type Redemption, redeemVouchers } from "./vouchers/redeemVouchers.ts";
