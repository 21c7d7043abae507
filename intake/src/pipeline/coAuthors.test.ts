import assert from "node:assert/strict";
import { test } from "node:test";

import { coAuthors } from "./coAuthors.ts";

test("co-authors are read from trailers of every commit, once each, with the account a noreply address names", () => {
  const found = coAuthors([
    "Add sum\n\nCo-authored-by: Grace Hopper <2+grace@users.noreply.github.com>\nCo-Authored-By: Linus <linus@users.noreply.github.com>",
    "Fix sum\n\nco-authored-by: Grace Hopper <2+GRACE@users.noreply.github.com>\nCo-authored-by: Someone <someone@example.org>",
    "No trailer, but a line that mentions Co-authored-by: in passing <x>",
  ]);
  assert.deepEqual(found, [
    { login: "grace", accountId: "2", trailer: "Grace Hopper <2+grace@users.noreply.github.com>" },
    { login: "linus", accountId: undefined, trailer: "Linus <linus@users.noreply.github.com>" },
    { login: undefined, accountId: undefined, trailer: "Someone <someone@example.org>" },
  ]);
});
