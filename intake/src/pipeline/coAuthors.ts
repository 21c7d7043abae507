/**
 * The co-authors a pull request's commits credit with `Co-authored-by: Name <email>` trailers (GitHub's
 * convention), as forge accounts. An address GitHub hides behind (`<id>+<login>@users.noreply.github.com`, or the
 * older `<login>@users.noreply.github.com`) names the account; any other email names nobody the intake can link,
 * which is reported rather than guessed.
 */

export type CoAuthor =
  | { login: string; accountId: string | undefined; trailer: string }
  | { login: undefined; accountId: undefined; trailer: string };

const TRAILER = /^co-authored-by:\s*(.+?)\s*<([^<>\s]+)>\s*$/gim;
const NOREPLY = /^(?:(\d+)\+)?([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?)@users\.noreply\.github\.com$/i;

/**
 * Every distinct co-author of the messages, in the order first credited.
 *
 * @example
 * coAuthors(["fix\n\nCo-authored-by: Ada <1+ada@users.noreply.github.com>"])
 * // [{ login: "ada", accountId: "1", trailer: "Ada <1+ada@users.noreply.github.com>" }]
 */
export function coAuthors(messages: readonly string[]): CoAuthor[] {
  const seen = new Map<string, CoAuthor>();
  for (const message of messages) {
    for (const [, name, email] of message.matchAll(TRAILER)) {
      const key = email!.toLowerCase();
      if (seen.has(key)) continue;
      const noreply = NOREPLY.exec(email!);
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
