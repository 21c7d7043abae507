/** The error of a CAR refused by the reader (./carFile.ts) or the range walk (./fileRange.ts). */
import { BaseError } from "../errors.ts";

/** Why a CAR was refused. */
export type CarErrorCode = "MALFORMED" | "TAMPERED_BLOCK" | "MISSING_BLOCK" | "UNSUPPORTED" | "TOO_LARGE";

/** A CAR that does not hold the file its CID names. */
export class CarVerificationError extends BaseError {
  override name = "CarVerificationError";
  readonly code: CarErrorCode;
  constructor(code: CarErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}
