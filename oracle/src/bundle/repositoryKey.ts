/**
 * One spelling of a source repository, so that a dependency's `repository` (as package.json, .gitmodules or an
 * SBOM writes it) and an asset's bundle manifest `repository` match when they name the same repository:
 * `github.com/owner/name`, lower case, without scheme, user, `.git`, fragment or a path inside the repository.
 */

/** npm's shorthands (`github:owner/name`, `gitlab:…`, `bitbucket:…`, bare `owner/name`) and their hosts. */
const SHORTHAND_HOSTS: Readonly<Record<string, string>> = {
  github: "github.com",
  gitlab: "gitlab.com",
  bitbucket: "bitbucket.org",
};

/**
 * The repository's key, or undefined when `spec` names no repository this can read.
 *
 * @example
 * repositoryKey("git+https://github.com/TanStack/query.git") // "github.com/tanstack/query"
 * repositoryKey("git@github.com:foundry-rs/forge-std.git") // "github.com/foundry-rs/forge-std"
 * repositoryKey("github:octokit/request.js") // "github.com/octokit/request.js"
 */
export function repositoryKey(spec: string): string | undefined {
  const text = spec.trim().replace(/#.*$/, "");
  const shorthand = /^(?:(github|gitlab|bitbucket):)?([\w.-]+)\/([\w.-]+)$/.exec(text);
  if (shorthand !== null) return key(SHORTHAND_HOSTS[shorthand[1] ?? "github"]!, [shorthand[2]!, shorthand[3]!]);
  // scp-like: git@github.com:owner/name.git
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(text);
  if (scp !== null) return key(scp[1]!, scp[2]!.split("/"));
  let url: URL;
  try {
    url = new URL(text.replace(/^git\+/, ""));
  } catch {
    return undefined;
  }
  if (url.hostname === "") return undefined;
  return key(
    url.hostname,
    url.pathname.split("/").filter((segment) => segment !== ""),
  );
}

/** The host and the repository's first two path segments (a GitHub `/tree/main/packages/x` is inside it). */
function key(host: string, segments: readonly string[]): string | undefined {
  const [owner, name] = segments;
  if (owner === undefined || name === undefined) return undefined;
  return `${host}/${owner}/${name.replace(/\.git$/, "")}`.toLowerCase();
}
