/**
 * What a `ccn` command is: one module under `commands/` that exports its `parameters` (words, positionals and
 * options with their help, the environment it reads), a `run` that does the work and an `output` that formats
 * the result. The dispatcher and the help text are derived from the parameters, so what a command accepts and
 * what its usage says cannot drift apart, and `run` gets its arguments typed from the same declaration.
 */
import { InvalidArgumentError, type Schema } from "@coherence/protocol";
import type { OnProgress } from "../progress/progress.ts";

/**
 * A positional argument, `<value>` in the usage (`<value>...` when variadic: one or more; `[<value>]` when
 * optional, which only the last one may be).
 */
export type PositionalParameter = {
  /** Its name in `run`'s arguments. */
  readonly name: string;
  /** How the usage shows it: `proposal.json` for `<proposal.json>`. */
  readonly value: string;
  readonly help: string;
  readonly variadic?: true;
  /** May be left out: `run` then gets undefined. */
  readonly optional?: true;
  /** Decodes the text (a decimal epoch, an address); without one `run` gets the text. */
  readonly schema?: Schema<unknown>;
};

/** An option, `--name VALUE` or a `--flag`. */
export type OptionParameter =
  | { readonly type: "string"; readonly value: string; readonly help: string; readonly schema?: Schema<unknown> }
  | { readonly type: "boolean"; readonly help: string };

/** An environment variable a command reads, listed in its help. */
export type EnvironmentVariable = { readonly name: string; readonly help: string };

export type CommandParameters = {
  /** `["epoch", "sign"]` for `ccn epoch sign`. */
  readonly words: readonly string[];
  /** One line for the list of commands. */
  readonly summary: string;
  readonly positionals: readonly PositionalParameter[];
  readonly options: { readonly [name: string]: OptionParameter };
  readonly environment: readonly EnvironmentVariable[];
};

type Decoded<P> = P extends { readonly schema: Schema<infer T> } ? T : string;

/** What `run` gets: every positional and option by name, decoded; an option not given is undefined (false for a flag). */
export type Arguments<P extends CommandParameters> = {
  -readonly [E in P["positionals"][number] as E["name"]]: E extends { readonly variadic: true }
    ? Decoded<E>[]
    : E extends { readonly optional: true }
      ? Decoded<E> | undefined
      : Decoded<E>;
} & {
  -readonly [K in keyof P["options"]]: P["options"][K] extends { readonly type: "boolean" }
    ? boolean
    : Decoded<P["options"][K]> | undefined;
};

export type CommandContext = {
  readonly env: NodeJS.ProcessEnv;
  /** Progress while the command runs; silent under `--json`, where stdout is the result alone. */
  readonly log: (line: string) => void;
  /** Progress of long work: drawn on a terminal's stderr, JSON lines on stderr under `--json`, else nothing. */
  readonly progress: OnProgress;
  /** Asks a yes/no question on a terminal; false when there is none to ask (piped, or under `--json`). */
  readonly confirm: (question: string) => Promise<boolean>;
};

/** What a command prints: `json` under `--json`, the `text` lines otherwise. */
export type CommandOutput = {
  readonly json: unknown;
  readonly text: readonly string[];
  /** 1 when the command ran but found a problem (an audit finding, a proof that does not verify); 0 unless told. */
  readonly exitCode?: number;
};

/** A module under `commands/`, as `import * as epochSign from "./commands/epochSign.ts"` gives it. */
export type CommandModule<P extends CommandParameters, R> = {
  readonly parameters: P;
  run(args: Arguments<P>, context: CommandContext): Promise<R>;
  output(result: R): CommandOutput;
};

/** A command with its argument and result types erased, as the dispatcher's table holds it. */
export type Command = {
  readonly parameters: CommandParameters;
  execute(args: Readonly<Record<string, unknown>>, context: CommandContext): Promise<CommandOutput>;
};

/** A table entry for a command module; the dispatcher builds `args` from the same parameters `run` is typed by. */
export function command<P extends CommandParameters, R>(module: CommandModule<P, R>): Command {
  return {
    parameters: module.parameters,
    execute: async (args, context) => module.output(await module.run(args as Arguments<P>, context)),
  };
}

/** The command line is wrong (an unknown command or option, a missing or malformed argument); ccn exits 2. */
export class UsageError extends InvalidArgumentError {
  override name = "UsageError";
}

/** The options every command takes besides its own. */
export const GLOBAL_OPTIONS = {
  json: { type: "boolean", help: "print the result as JSON instead of text" },
  help: { type: "boolean", help: "this help; after a command, that command's arguments, options and environment" },
} as const satisfies CommandParameters["options"];
