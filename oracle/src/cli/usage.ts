/**
 * `ccn --help` and `ccn <command> --help`, generated from the commands' parameters: the synopsis of every
 * command, and for one command what each argument, option and environment variable means.
 */
import { type Command, type CommandParameters, type EnvironmentVariable, GLOBAL_OPTIONS } from "./command.ts";

/** `ccn epoch sign <proposal.json> [--out FILE] [--config FILE]`. */
export function synopsis(parameters: CommandParameters): string {
  const positionals = parameters.positionals.map((p) => {
    const label = `${argumentLabel(p)}${p.variadic ? "..." : ""}`;
    return p.optional ? `[${label}]` : label;
  });
  const options = Object.entries(parameters.options).map(([name, option]) => `[${optionLabel(name, option)}]`);
  return ["ccn", ...parameters.words, ...positionals, ...options].join(" ");
}

/** The help of the whole command line: every command's synopsis and summary, the common options, the environment. */
export function usage(commands: readonly Command[]): string {
  const environment = new Map<string, EnvironmentVariable>();
  for (const { parameters } of commands)
    for (const variable of parameters.environment) environment.set(variable.name, variable);
  return [
    "The Coherence Network oracle's command line, for operators, auditors and local networks.",
    "",
    "usage:",
    ...commands.flatMap(({ parameters }) => [`  ${synopsis(parameters)}`, `      ${parameters.summary}`]),
    "",
    "every command also takes:",
    ...table(optionRows(GLOBAL_OPTIONS)),
    "",
    "environment:",
    ...table([...environment.values()].map((v) => [v.name, v.help])),
  ].join("\n");
}

/** The help of one command. */
export function commandUsage(parameters: CommandParameters): string {
  const sections: [string, [string, string][]][] = [
    ["arguments:", parameters.positionals.map((p) => [argumentLabel(p), p.help])],
    ["options:", optionRows({ ...parameters.options, ...GLOBAL_OPTIONS })],
    ["environment:", parameters.environment.map((v) => [v.name, v.help])],
  ];
  return [
    `usage: ${synopsis(parameters)}`,
    `  ${parameters.summary}`,
    ...sections.filter(([, rows]) => rows.length > 0).flatMap(([title, rows]) => ["", title, ...table(rows)]),
  ].join("\n");
}

/** What a usage error adds: the command's synopsis and where to read more. */
export function shortUsage(parameters: CommandParameters): string {
  return `usage: ${synopsis(parameters)}\n(ccn ${parameters.words.join(" ")} --help says more)`;
}

function argumentLabel(positional: CommandParameters["positionals"][number]): string {
  return `<${positional.value}>`;
}

function optionLabel(name: string, option: CommandParameters["options"][string]): string {
  return option.type === "string" ? `--${name} ${option.value}` : `--${name}`;
}

function optionRows(options: CommandParameters["options"]): [string, string][] {
  return Object.entries(options).map(([name, option]) => [optionLabel(name, option), option.help]);
}

/** Two columns, the second aligned. */
function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, help]) => `  ${label.padEnd(width)}  ${help}`);
}
