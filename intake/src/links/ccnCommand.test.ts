import assert from "node:assert/strict";
import { test } from "node:test";

import { ccnCommand } from "./ccnCommand.ts";

const ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

test("a comment's /ccn command is read from a line of its own", () => {
  assert.deepEqual(ccnCommand(`Linking my account.\r\n/ccn link ${ADDRESS} 0xabcdef\r\nThanks`), {
    kind: "link",
    address: ADDRESS,
    signature: "0xabcdef",
  });
  assert.deepEqual(ccnCommand("/ccn unlink"), { kind: "unlink" });
  assert.deepEqual(ccnCommand("LGTM\n/ccn approve"), { kind: "approve" });
  assert.deepEqual(ccnCommand("Pushed a fix.\n/ccn preview\n"), { kind: "preview" });
  assert.equal(ccnCommand("Nothing for the intake here, not even in `/ccn link` quoted mid-line"), undefined);
});

test("a malformed command says what was expected", () => {
  assert.equal(ccnCommand("/ccn link 0x1234")?.kind, "malformed");
  assert.match(JSON.stringify(ccnCommand("/ccn pay me")), /unknown command \\"\/ccn pay me\\" \(.*preview\)/);
  assert.equal(ccnCommand("/ccn preview now")?.kind, "malformed", "preview takes no arguments");
});
