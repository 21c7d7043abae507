import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";

import { COMMANDS } from "./commandTable.ts";
import { dispatch } from "./dispatch.ts";

/** Every `npx ccn …` line of the README's shell examples, without its comment. */
async function readmeExamples(): Promise<string[][]> {
  const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
  const lines: string[][] = [];
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split("\n")) {
      const command = line.replace(/\s+#.*$/, "").trim();
      // Words as the shell splits them: a double-quoted string is one word.
      const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      if (command.startsWith("npx ccn ")) lines.push(words.slice(2));
    }
  }
  return lines;
}

describe("the README's ccn examples", () => {
  test("are valid command lines of the ccn that runs: known words, declared options, the right arguments", async () => {
    const examples = await readmeExamples();
    assert.ok(examples.length >= 7, `only ${examples.length} examples found`);
    for (const args of examples) {
      let stderr = "";
      // --help makes the dispatcher check the whole line, then print the command's usage instead of running it.
      const code = await dispatch(COMMANDS, [...args, "--help"], {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
        env: {},
      });
      assert.equal(code, 0, `npx ccn ${args.join(" ")}: ${stderr}`);
      // Under --help the dispatcher does not insist on the positionals, nor on a known command: check them here.
      const found = COMMANDS.find(({ parameters }) => parameters.words.every((word, i) => args[i] === word));
      assert.ok(found, `npx ccn ${args.join(" ")}: no such command`);
      const { words, positionals, options } = found.parameters;
      const given: string[] = [];
      for (let i = words.length; i < args.length; i++) {
        const option = args[i]!.startsWith("--") ? options[args[i]!.slice(2)] : undefined;
        if (option?.type === "string") i++;
        else if (option === undefined) given.push(args[i]!);
      }
      const variadic = positionals.some((p) => p.variadic === true);
      const required = positionals.filter((p) => p.optional !== true).length;
      const fits = variadic
        ? given.length >= positionals.length
        : given.length >= required && given.length <= positionals.length;
      assert.ok(fits, `npx ccn ${args.join(" ")}: takes ${positionals.map((p) => `<${p.value}>`).join(" ")}`);
    }
  });
});
