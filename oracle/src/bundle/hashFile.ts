/** The hash a bundle's content records for one file: keccak256 of its bytes, as 0x and lower-case hex. */
import { bytesToHex, type Hex } from "@coherence/protocol";

import { keccak256 } from "../merkle/keccak.ts";

export function hashBytes(bytes: Uint8Array): Hex {
  return bytesToHex(keccak256(bytes));
}
