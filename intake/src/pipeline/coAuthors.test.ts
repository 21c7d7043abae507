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

test("on GitLab, co-authors are named by GitLab's noreply address, and another forge's names nobody there", () => {
  const messages = [
    "Add\n\nCo-authored-by: Grace <1011-grace.h@users.noreply.gitlab.com>\nCo-authored-by: Linus <2+linus@users.noreply.github.com>",
  ];
  assert.deepEqual(coAuthors(messages, "gitlab"), [
    { login: "grace.h", accountId: "1011", trailer: "Grace <1011-grace.h@users.noreply.gitlab.com>" },
    { login: undefined, accountId: undefined, trailer: "Linus <2+linus@users.noreply.github.com>" },
  ]);
  assert.deepEqual(
    coAuthors(messages, "github").map((c) => c.login),
    [undefined, "linus"],
    "a GitLab address names nobody on GitHub",
  );
});
