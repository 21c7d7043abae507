/**
 * Writes `oracle/src/merkle/keccakKernelWasm.ts`, the payout tree's Keccak-256 kernel as WebAssembly bytes,
 * from the text `keccakKernelSource.ts` generates. Run it after changing that text:
 * `node oracle/scripts/generateKeccakKernel.ts`. A unit test fails while the two disagree.
 */
import { writeFile } from "node:fs/promises";

import {
  assembleKeccakKernel,
  KECCAK_KERNEL_FILE,
  keccakKernelModuleText,
} from "../src/merkle/assembleKeccakKernel.ts";

await writeFile(KECCAK_KERNEL_FILE, keccakKernelModuleText(await assembleKeccakKernel()));
console.log(`wrote ${KECCAK_KERNEL_FILE}`);
