import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { decimal, InvalidArgumentError } from "@coherence/protocol";

import { type Arguments, type CommandContext, type CommandParameters, command } from "./command.ts";
import { dispatch } from "./dispatch.ts";

/** A command that records what it was given. */
const runs: unknown[] = [];
const payParameters = {
  words: ["pay", "out"],
  summary: "pay accounts",
  positionals: [
    { name: "epoch", value: "epoch", help: "the epoch", schema: decimal() },
    { name: "accounts", value: "account", help: "who", variadic: true },
  ],
  options: {
    memo: { type: "string", value: "TEXT", help: "a note" },
    dry: { type: "boolean", help: "send nothing" },
  },
  environment: [{ name: "PAY_KEY", help: "the key" }],
} as const satisfies CommandParameters;
const pay = {
  parameters: payParameters,
  async run(args: Arguments<typeof payParameters>, context: CommandContext) {
    runs.push(args);
    context.log("paying");
    for (let done = 0; done <= args.accounts.length; done++) {
      context.progress({ phase: "paying accounts", done, total: args.accounts.length });
    }
    if (args.memo === "fail") throw new InvalidArgumentError("the pool is empty");
    return { epoch: args.epoch, paid: args.accounts.length, key: context.env.PAY_KEY };
  },
  output: (result: { epoch: bigint; paid: number; key: string | undefined }) => ({
    json: result,
    text: [`epoch ${result.epoch}: paid ${result.paid}`],
    exitCode: result.paid > 2 ? 1 : 0,
  }),
};
const status = {
  parameters: {
    words: ["status"],
    summary: "say hello",
    positionals: [],
    options: {},
    environment: [],
  } as const satisfies CommandParameters,
  run: async () => "ok",
  output: (result: string) => ({ json: result, text: [result] }),
};
const greet = {
  parameters: {
    words: ["greet"],
    summary: "greet someone",
    positionals: [{ name: "who", value: "name", help: "whom (default: the world)", optional: true }],
    options: {},
    environment: [],
  } as const satisfies CommandParameters,
  run: async (args: { who: string | undefined }) => `hello ${args.who ?? "world"}`,
  output: (result: string) => ({ json: result, text: [result] }),
};
const COMMANDS = [command(pay), command(status), command(greet)];

async function ccn(...argv: string[]) {
  return ccnOn(false, ...argv);
}

/** `ccn argv` with stderr a terminal or not. */
async function ccnOn(stderrIsTerminal: boolean, ...argv: string[]) {
  runs.length = 0;
  let stdout = "";
  let stderr = "";
  const code = await dispatch(COMMANDS, argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stderrIsTerminal,
    env: { PAY_KEY: "k" },
  });
  return { code, stdout, stderr };
}

describe("dispatch", () => {
  test("runs the command its words name with its arguments decoded, options anywhere, and prints its text", async () => {
    const run = await ccn("--memo", "hi", "pay", "out", "7", "0xa", "--dry", "0xb");
    assert.deepEqual(run, { code: 0, stdout: "paying\nepoch 7: paid 2\n", stderr: "" });
    assert.deepEqual(runs, [{ epoch: 7n, accounts: ["0xa", "0xb"], memo: "hi", dry: true }]);
  });

  test("--json prints the result alone, bigints as decimal strings; an option not given is undefined, a flag false", async () => {
    const run = await ccn("pay", "out", "7", "0xa", "--json");
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.stdout), { epoch: "7", paid: 1, key: "k" });
    assert.deepEqual(runs, [{ epoch: 7n, accounts: ["0xa"], memo: undefined, dry: false }]);
  });

  test("an optional positional may be left out, and the usage shows it in brackets", async () => {
    assert.equal((await ccn("greet", "ada")).stdout, "hello ada\n");
    assert.equal((await ccn("greet")).stdout, "hello world\n");
    assert.match((await ccn("greet", "--help")).stdout, /^usage: ccn greet \[<name>\]\n/);
    assert.match((await ccn("greet", "a", "b")).stderr, /unexpected argument "b"/);
  });

  test("exits with the code the output gives", async () => {
    assert.equal((await ccn("pay", "out", "1", "a", "b", "c")).code, 1);
  });

  test("a failing command exits 1 with its message and no usage", async () => {
    const run = await ccn("pay", "out", "1", "a", "--memo", "fail");
    assert.equal(run.code, 1);
    assert.equal(run.stderr, "ccn: the pool is empty\n");
  });

  test("--help and no command print the usage of every command to stdout (exit 0 and 2)", async () => {
    for (const [argv, code] of [
      [["--help"], 0],
      [[], 2],
    ] as const) {
      const run = await ccn(...argv);
      assert.equal(run.code, code);
      assert.match(
        run.stdout,
        /^ {2}ccn pay out <epoch> <account>\.\.\. \[--memo TEXT\] \[--dry\]\n {6}pay accounts\n {2}ccn status\n/m,
      );
      assert.match(run.stdout, /^ {2}--json {2}print the result as JSON/m);
      assert.match(run.stdout, /^ {2}PAY_KEY {2}the key$/m);
    }
  });

  test("a command's --help lists its arguments, options and environment, and runs nothing", async () => {
    const run = await ccn("pay", "out", "--help");
    assert.equal(run.code, 0);
    assert.equal(runs.length, 0);
    assert.match(
      run.stdout,
      /^usage: ccn pay out <epoch> <account>\.\.\. \[--memo TEXT\] \[--dry\]\n {2}pay accounts\n/,
    );
    assert.match(run.stdout, /^ {2}<account> {2}who$/m);
    assert.match(run.stdout, /^ {2}--memo TEXT {2}a note$/m);
    assert.match(run.stdout, /^ {2}PAY_KEY {2}the key$/m);
  });

  test("a wrong command line exits 2 naming the problem, with the usage, and runs nothing", async () => {
    const cases: [string[], string][] = [
      [["pay", "in"], 'unknown command "pay in"'],
      [["pay", "out"], "missing <epoch>"],
      [["pay", "out", "1"], "missing <account>"],
      [["pay", "out", "01", "a"], '<epoch>: expected a decimal string without leading zeros, got "01"'],
      [["pay", "out", "1", "a", "--fast"], "unknown option --fast (ccn pay out takes --memo, --dry, --json, --help)"],
      [["pay", "out", "1", "a", "--memo"], "Option '--memo <value>' argument missing"],
      [["status", "extra"], 'unexpected argument "extra"'],
    ];
    for (const [argv, message] of cases) {
      const run = await ccn(...argv);
      assert.equal(run.code, 2, argv.join(" "));
      assert.equal(run.stderr.split("\n")[0], `ccn: ${message}`);
      assert.match(run.stderr, /\n\n(usage: ccn|The Coherence Network oracle)/, argv.join(" "));
      assert.equal(runs.length, 0);
    }
  });
});

describe("progress of long work", () => {
  test("is drawn on a terminal's stderr and cleared before the output", async () => {
    const { stdout, stderr } = await ccnOn(true, "pay", "out", "3", "0xa", "0xb");
    assert.match(stderr, /paying accounts 0\/2 \(0%\)/);
    assert.match(stderr, /paying accounts 2\/2 \(100%\)/);
    assert.ok(stderr.endsWith("\r\u001b[K"), "the line is cleared at the end");
    assert.equal(stdout, "paying\nepoch 3: paid 2\n");
  });

  test("is JSON lines on stderr under --json, with stdout the result alone", async () => {
    const { stdout, stderr } = await ccnOn(false, "pay", "out", "3", "0xa", "--json");
    const events = stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      events.map(({ event, phase, done, total }) => ({ event, phase, done, total })),
      [
        { event: "progress", phase: "paying accounts", done: 0, total: 1 },
        { event: "progress", phase: "paying accounts", done: 1, total: 1 },
      ],
    );
    assert.equal(JSON.parse(stdout).paid, 1);
  });

  test("stays quiet when stderr is piped", async () => {
    const { stderr } = await ccn("pay", "out", "3", "0xa");
    assert.equal(stderr, "");
  });
});
