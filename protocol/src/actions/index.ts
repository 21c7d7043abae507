/**
 * @coherence/protocol/actions: what an owner, a payer or any account sends, checked first by the same code in the
 * CLI and the web app, browser-safe. Each refuses in words, before anything is sent, what the contract would.
 */
export {
  type PaymentDeployment,
  type PaymentPlan,
  type PaymentReceipt,
  PaymentRefusedError,
  type PaymentStep,
  type PlanPaymentParameters,
  planPayment,
  sendPayment,
} from "./payRevenue.ts";
export {
  lineageProblem,
  type RegisteredAsset,
  type Registration,
  RegistrationRefusedError,
  registerAsset,
  registrationProblem,
} from "./registerAsset.ts";
export {
  CallRefusedError,
  type SendContractParameters,
  sendContract,
  TransactionRevertedError,
} from "./sendContract.ts";
export { formatTokenAmount, parseTokenAmount } from "./tokenAmount.ts";
