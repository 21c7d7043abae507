#!/usr/bin/env node
/**
 * `ccn`: the oracle's command line, for operators, auditors and local networks. The commands are the table of
 * ./commandTable.ts; this file hands them the process's arguments.
 */
import { COMMANDS } from "./commandTable.ts";
import { dispatch } from "./dispatch.ts";

process.exitCode = await dispatch(COMMANDS, process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTerminal: process.stderr.isTTY === true,
  env: process.env,
});
