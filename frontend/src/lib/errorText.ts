import { BaseError } from "@coherence/protocol";

/**
 * What a page shows of an error: the one-line `shortMessage` of the app's and the protocol's errors (their
 * details and cause are in `message`, for the console), the `message` of any other.
 */
export function errorText(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}
