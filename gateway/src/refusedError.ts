/** The gateway's refusals: an error whose `code` says which refusal it is, for callers and HTTP answers alike. */
import { BaseError } from "@coherence/protocol";

export class RefusedError<Code extends string> extends BaseError {
  override name = "RefusedError";
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}
