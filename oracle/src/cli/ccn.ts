#!/usr/bin/env node
/**
 * `ccn`: the oracle's command line, for operators, auditors and local networks. The commands are the table of
 * ./commandTable.ts; this file hands them the process's arguments.
 */
import { createInterface } from "node:readline/promises";

import { COMMANDS } from "./commandTable.ts";
import { dispatch } from "./dispatch.ts";

/** A question answered at the terminal: yes only for y or yes. */
async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

process.exitCode = await dispatch(COMMANDS, process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTerminal: process.stderr.isTTY === true,
  ...(process.stdin.isTTY === true ? { confirm } : {}),
  env: process.env,
});
