/**
 * The co-authors a change request's commits credit with `Co-authored-by: Name <email>` trailers (the convention
 * GitHub and GitLab both follow), as accounts of the change request's forge. The address the forge hides an account
 * behind names it: on GitHub `<id>+<login>@users.noreply.github.com` (or the older `<login>@users.noreply.github.com`),
 * on GitLab `<id>-<username>@users.noreply.gitlab.com`. Any other email, another forge's included, names nobody the
 * intake can link on this forge, which is reported rather than guessed.
 */
import type { ForgeName } from "../store/intakeStore.ts";

export type CoAuthor =
  | { login: string; accountId: string | undefined; trailer: string }
  | { login: undefined; accountId: undefined; trailer: string };

const TRAILER = /^co-authored-by:\s*(.+?)\s*<([^<>\s]+)>\s*$/gim;
/** Each forge's noreply address: the account id (group 1) and login (group 2) it names. */
const NOREPLY: Record<ForgeName, RegExp> = {
  github: /^(?:(\d+)\+)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?)@users\.noreply\.github\.com$/i,
  gitlab: /^(\d+)-([A-Za-z0-9_.][A-Za-z0-9_.-]*)@users\.noreply\.gitlab\.com$/i,
};

/** How each forge's noreply address is called in a refusal. */
export const NOREPLY_NAME: Record<ForgeName, string> = {
  github: "GitHub noreply address",
  gitlab: "GitLab noreply address",
};

/**
 * Every distinct co-author of the messages, in the order first credited.
 *
 * @example
 * coAuthors(["fix\n\nCo-authored-by: Ada <1+ada@users.noreply.github.com>"])
 * // [{ login: "ada", accountId: "1", trailer: "Ada <1+ada@users.noreply.github.com>" }]
 */
export function coAuthors(messages: readonly string[], forge: ForgeName = "github"): CoAuthor[] {
  const seen = new Map<string, CoAuthor>();
  for (const message of messages) {
    for (const [, name, email] of message.matchAll(TRAILER)) {
      const key = email!.toLowerCase();
      if (seen.has(key)) continue;
      const noreply = NOREPLY[forge].exec(email!);
      const trailer = `${name} <${email}>`;
      seen.set(
        key,
        noreply === null
          ? { login: undefined, accountId: undefined, trailer }
          : { login: noreply[2]!, accountId: noreply[1], trailer },
      );
    }
  }
  return [...seen.values()];
}
