#!/usr/bin/env node
/**
 * `ccn`: the oracle's command line, for operators, auditors and local networks. Each command is one module under
 * `commands/` (its parameters, `run` and `output`); this file is their table, in the order `ccn --help` lists
 * them, handed to the dispatcher.
 */
import { command } from "./command.ts";
import * as audit from "./commands/audit.ts";
import * as epochFinalise from "./commands/epochFinalise.ts";
import * as epochPrepare from "./commands/epochPrepare.ts";
import * as epochSign from "./commands/epochSign.ts";
import * as epochSubmit from "./commands/epochSubmit.ts";
import * as scenarioApply from "./commands/scenarioApply.ts";
import * as verify from "./commands/verify.ts";
import { dispatch } from "./dispatch.ts";

const COMMANDS = [
  command(scenarioApply),
  command(epochPrepare),
  command(epochSign),
  command(epochSubmit),
  command(epochFinalise),
  command(audit),
  command(verify),
];

process.exitCode = await dispatch(COMMANDS, process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
