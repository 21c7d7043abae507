/**
 * The `ccn` dispatcher over a table of commands: finds the command the words name, parses only that command's
 * options (a mistyped or misplaced option is an error, never silently ignored) and its positionals, decodes them
 * by their schemas, runs it and prints its output. Exit codes: 0 done; 1 the command failed or found a problem;
 * 2 the command line is wrong (with the usage, on stderr).
 */
import { parseArgs } from "node:util";

import { jsonText, MalformedFieldError, parse, type Schema } from "@coherence/protocol";
import { progressReporter } from "../progress/progress.ts";
import { type Command, type CommandParameters, GLOBAL_OPTIONS, UsageError } from "./command.ts";
import { commandUsage, shortUsage, usage } from "./usage.ts";

/** Where the dispatcher writes, and the environment commands read. */
export type Terminal = {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal: progress is drawn there, and stays quiet when piped (but for `--json`). */
  readonly stderrIsTerminal?: boolean;
  /** Asks the person at the terminal; absent when nobody is there to answer. */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly env: NodeJS.ProcessEnv;
};

/**
 * Runs the command `argv` names and returns the exit code.
 *
 * @example
 * process.exitCode = await dispatch([command(audit)], ["audit", "3", "--json"], { stdout, stderr, env: process.env });
 */
export async function dispatch(
  commands: readonly Command[],
  argv: readonly string[],
  terminal: Terminal,
): Promise<number> {
  let found: Command | undefined;
  try {
    // A first, lenient parse with every command's options only finds the words: options may come anywhere.
    const loose = parseArgs({
      args: [...argv],
      options: { ...allOptions(commands), ...GLOBAL_OPTIONS },
      allowPositionals: true,
      strict: false,
      tokens: true,
    });
    found = findCommand(commands, loose.positionals);
    if (found === undefined) {
      if (loose.values.help === true || loose.positionals.length === 0) {
        terminal.stdout(`${usage(commands)}\n`);
        return loose.values.help === true ? 0 : 2;
      }
      throw new UsageError(`unknown command "${loose.positionals.join(" ")}"`);
    }
    const { parameters } = found;
    rejectUnknownOptions(parameters, loose.tokens);
    const { values, positionals } = strictParse(parameters, argv);
    if (values.help === true) {
      terminal.stdout(`${commandUsage(parameters)}\n`);
      return 0;
    }
    const args = {
      ...positionalArguments(parameters, positionals.slice(parameters.words.length)),
      ...optionArguments(parameters, values),
    };
    const json = values.json === true;
    const progress = progressReporter(
      json ? "json" : terminal.stderrIsTerminal === true ? "terminal" : "silent",
      terminal.stderr,
    );
    const output = await found
      .execute(args, {
        env: terminal.env,
        log: json ? () => {} : (line) => terminal.stdout(`${line}\n`),
        progress: progress.report,
        confirm: async (question) => !json && terminal.confirm !== undefined && (await terminal.confirm(question)),
      })
      .finally(() => progress.end());
    terminal.stdout(json ? `${toJson(output.json)}\n` : output.text.map((line) => `${line}\n`).join(""));
    return output.exitCode ?? 0;
  } catch (error) {
    terminal.stderr(`ccn: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof UsageError)) return 1;
    terminal.stderr(`\n${found === undefined ? usage(commands) : shortUsage(found.parameters)}\n`);
    return 2;
  }
}

/** The command whose words the positionals start with; the one with the most words if several do. */
function findCommand(commands: readonly Command[], positionals: readonly string[]): Command | undefined {
  const matching = commands.filter(({ parameters }) => parameters.words.every((word, i) => positionals[i] === word));
  return matching.sort((a, b) => b.parameters.words.length - a.parameters.words.length)[0];
}

function rejectUnknownOptions(
  parameters: CommandParameters,
  tokens: ReturnType<typeof parseArgs>["tokens"] & {},
): void {
  const known = { ...parameters.options, ...GLOBAL_OPTIONS };
  for (const token of tokens) {
    if (token.kind === "option" && !(token.name in known)) {
      const names = Object.keys(known).map((name) => `--${name}`);
      throw new UsageError(
        `unknown option ${token.rawName} (ccn ${parameters.words.join(" ")} takes ${names.join(", ")})`,
      );
    }
  }
}

/** Every command's options, to tell option values from words; an option's name means one type in every command. */
function allOptions(commands: readonly Command[]): CommandParameters["options"] {
  return Object.assign({}, ...commands.map(({ parameters }) => parameters.options));
}

function strictParse(parameters: CommandParameters, argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...parameters.options, ...GLOBAL_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs says what is wrong with an option's value (missing, or given to a flag) in a TypeError of its own.
    throw new UsageError((error as Error).message);
  }
}

function positionalArguments(parameters: CommandParameters, given: readonly string[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  let next = 0;
  for (const positional of parameters.positionals) {
    const label = `<${positional.value}>`;
    if (next >= given.length) {
      if (positional.optional === true) continue;
      throw new UsageError(`missing ${label}`);
    }
    args[positional.name] = positional.variadic
      ? given.slice(next).map((text, i) => decode(positional.schema, text, [label, i]))
      : decode(positional.schema, given[next]!, [label]);
    next = positional.variadic ? given.length : next + 1;
  }
  if (next < given.length) throw new UsageError(`unexpected argument "${given[next]}"`);
  return args;
}

function optionArguments(
  parameters: CommandParameters,
  values: Record<string, string | boolean | (string | boolean)[] | undefined>,
) {
  const args: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(parameters.options)) {
    const value = values[name];
    args[name] =
      option.type === "boolean"
        ? value === true
        : value === undefined
          ? undefined
          : decode(option.schema, String(value), [`--${name}`]);
  }
  return args;
}

/** The argument's text decoded by its schema; a malformed one is a usage error that names the argument. */
function decode(schema: Schema<unknown> | undefined, text: string, path: (string | number)[]): unknown {
  if (schema === undefined) return text;
  try {
    return parse(schema, text, { path });
  } catch (cause) {
    if (cause instanceof MalformedFieldError) throw new UsageError(cause.message, { cause });
    throw cause;
  }
}

/** JSON for people and scripts: bigints as decimal strings, as the protocol's files write them. */
function toJson(value: unknown): string {
  return jsonText(value, 2);
}
