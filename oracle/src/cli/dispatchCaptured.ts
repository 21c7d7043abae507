/**
 * A command line dispatched in-process with its output captured, as the command tests run `ccn`: what it printed
 * on each stream and its exit code.
 */
import type { Command } from "./command.ts";
import { dispatch } from "./dispatch.ts";

export type CapturedRun = { code: number; stdout: string; stderr: string };

/**
 * @example
 * const { code, stdout } = await dispatchCaptured(COMMANDS, ["cost", "verify", "report.json", "--json"]);
 */
export async function dispatchCaptured(
  commands: readonly Command[],
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CapturedRun> {
  let stdout = "";
  let stderr = "";
  const code = await dispatch(commands, argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { code, stdout, stderr };
}
