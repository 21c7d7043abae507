import { BaseError } from "@coherence/protocol";
import { BaseError as ViemError } from "viem";

/**
 * What a page shows of an error: the one-line `shortMessage` of the app's, the protocol's and viem's errors (their
 * details, cause, request body and docs link are in `message`, for the console), the `message` of any other.
 */
export function errorText(error: unknown): string {
  if (error instanceof BaseError || error instanceof ViemError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
