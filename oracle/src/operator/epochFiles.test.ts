import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { MalformedFieldError } from "@coherence/protocol";
import { InputFileError } from "@coherence/protocol/node";

import { readProposalFile, readSignatureFile, writeProposalFile, writeSignatureFile } from "./epochFiles.ts";
import { exampleProposal, exampleSignature } from "./exampleEpochFiles.ts";

const proposal = exampleProposal;
const signature = exampleSignature;

/** The bytes `ccn` wrote before the files had a schema: proposals and signatures must still read as they did. */
const legacyJson = (value: object) =>
  `${JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;

describe("proposal and signature files", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ccn-epoch-files-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const kinds = [
    {
      kind: "proposal",
      value: proposal,
      write: (file: string) => writeProposalFile(file, proposal),
      read: readProposalFile,
      missing: "totals",
      wrongType: { field: "payoutRoot", value: 7, problem: "expected lower-case 0x and 64 hex digits, got 7" },
    },
    {
      kind: "signature",
      value: signature,
      write: (file: string) => writeSignatureFile(file, signature),
      read: readSignatureFile,
      missing: "vs",
      wrongType: { field: "signer", value: 7, problem: "expected a 0x-prefixed 20-byte address, got 7" },
    },
  ] as const;

  for (const { kind, value, write, read, missing, wrongType } of kinds) {
    /** Writes `edit` of the file `ccn` writes and returns the error reading it gives. */
    const failure = async (name: string, edit: (text: string) => string): Promise<MalformedFieldError> => {
      const file = path.join(dir, name);
      await write(file);
      await writeFile(file, edit(await readFile(file, "utf8")));
      const error = await read(file).then(
        () => assert.fail(`${name} was accepted`),
        (e: unknown) => e,
      );
      assert.ok(error instanceof MalformedFieldError, `expected a MalformedFieldError, got ${error}`);
      return error;
    };
    const edited = (change: (json: Record<string, unknown>) => void) => (text: string) => {
      const json = JSON.parse(text) as Record<string, unknown>;
      change(json);
      return JSON.stringify(json);
    };

    test(`a ${kind} file reads back what was written, in the format ccn has always written`, async () => {
      const file = path.join(dir, `${kind}.json`);
      await write(file);
      assert.equal(await readFile(file, "utf8"), legacyJson(value));
      assert.deepEqual(await read(file), value);
    });

    test(`a ${kind} file missing a field names the file and the field`, async () => {
      const error = await failure(
        `${kind}-missing.json`,
        edited((json) => delete json[missing]),
      );
      assert.equal(error.message, `${path.join(dir, `${kind}-missing.json`)}: ${missing}: missing`);
    });

    test(`a ${kind} file with a field of the wrong type names the file and the field`, async () => {
      const error = await failure(
        `${kind}-wrong.json`,
        edited((json) => (json[wrongType.field] = wrongType.value)),
      );
      assert.equal(error.message, `${path.join(dir, `${kind}-wrong.json`)}: ${wrongType.field}: ${wrongType.problem}`);
    });

    test(`a truncated ${kind} file is named as not JSON`, async () => {
      const error = await failure(`${kind}-truncated.json`, (text) => text.slice(0, text.length / 2));
      assert.equal(error.field, "(root)");
      assert.ok(
        error.message.startsWith(`${path.join(dir, `${kind}-truncated.json`)}: (root): is not JSON`),
        error.message,
      );
    });

    test(`a missing ${kind} file says which command writes it`, async () => {
      await assert.rejects(
        read(path.join(dir, "nowhere.json")),
        (e: unknown) =>
          e instanceof InputFileError &&
          e.message.includes(`write it with \`ccn epoch ${kind === "proposal" ? "prepare" : "sign"}\``),
      );
    });
  }

  test("a proposal whose totals do not pair with its tokens is refused at totals", async () => {
    const file = path.join(dir, "unpaired.json");
    await writeProposalFile(file, { ...proposal, totals: [1n] });
    await assert.rejects(
      readProposalFile(file),
      (e: unknown) =>
        e instanceof MalformedFieldError && e.field === "totals" && /1 total\(s\) for 2 token\(s\)/.test(e.message),
    );
  });
});
