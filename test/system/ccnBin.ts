/**
 * What the system tests share: `ccn` run as `npx ccn` runs it (the bin `npm install` links, from the repository
 * root, as its own process), and the keys of Hardhat's test accounts.
 */
import path from "node:path";
import { REPOSITORY_ROOT, startProcess } from "@coherence/devnet";
import { HARDHAT_MNEMONIC } from "@coherence/oracle";
import { mnemonicToAccount } from "viem/accounts";

const CCN_BIN = path.join(REPOSITORY_ROOT, "node_modules", ".bin", "ccn");

/** The private key of Hardhat default account `index`. */
export const keyOf = (index: number): string =>
  `0x${Buffer.from(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }).getHdKey().privateKey!).toString("hex")}`;

/** Runs `ccn args` with `env` added to this process's environment; its exit code and everything it printed. */
export async function runCcn(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const run = startProcess({
    name: `ccn ${args.join(" ")}`,
    command: CCN_BIN,
    args: [...args],
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...env },
  });
  const code = await run.exited;
  await run.stop(); // Every holder of its pipes is gone: its output is complete.
  return { code, output: run.output() };
}
