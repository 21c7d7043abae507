/**
 * The forges a link statement names, by host: the hosted two, or a self-managed GitLab's or GitHub Enterprise's own
 * host, the one its repositories are named under. One rule for the host, so the web app's Forge accounts page and
 * the intake's `link --host` refuse the same hosts in the same words, before anything is signed.
 */

/** The two kinds of forge the intake takes work from: each hosted, or self-managed under a host of its own. */
export type ForgeKind = "github" | "gitlab";

/** The hosted forges, by the host a statement names. */
export const HOSTED_FORGES: Record<ForgeKind, string> = { github: "github.com", gitlab: "gitlab.com" };

/** A DNS name's labels (letters, digits, inner hyphens, at most 63 each), then an optional port, as a URL's host. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::(\d{1,5}))?$/;

/**
 * A self-managed forge's host as a statement names it, lower case as its repositories' web addresses give it
 * (`new URL(web_url).host`, which the intake names repositories by), or what is wrong with what was typed. A
 * statement signed for a mistyped host links nothing: no repository is named under it.
 *
 * @example
 * selfManagedHost("GitLab.Example.org") // { host: "gitlab.example.org" }
 * selfManagedHost("https://gitlab.example.org/") // { problem: "Enter the host alone, without a scheme or path: gitlab.example.org." }
 */
export function selfManagedHost(typed: string): { host: string } | { problem: string } {
  const host = typed.trim().toLowerCase();
  const example = "such as gitlab.example.org";
  if (host === "") return { problem: `Enter the host your forge's repositories are named under, ${example}.` };
  const bare = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/\/.*$/, "");
  if (bare !== host && HOST.test(bare)) return { problem: `Enter the host alone, without a scheme or path: ${bare}.` };
  const port = HOST.exec(host)?.[1];
  if (host.length > 253 || !HOST.test(host) || (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)))
    return {
      problem: `"${typed.trim()}" is not a host name: letters, digits and hyphens in dot-separated parts, and an optional :port, ${example}.`,
    };
  if (Object.values(HOSTED_FORGES).includes(host))
    return { problem: `${host} is the hosted forge, not a self-managed one: choose it as such.` };
  return { host };
}
