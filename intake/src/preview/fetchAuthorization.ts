/**
 * How the previewer's git fetch carries the forge's credentials, so a private repository can be previewed: as an
 * HTTP `Authorization` header scoped to the change request's clone URL, given to git only through its environment
 * (`GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`). A command line is readable by every user of the
 * machine and a mirror's config outlives the fetch; the environment is neither.
 */

/** An HTTP Basic `Authorization` header value. */
export const basicAuthorization = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/**
 * The environment git fetches `cloneUrl` in: never prompting (there is no one to answer), and with `authorization`
 * sent to `cloneUrl` alone. A clone URL that `CCN_INTAKE_GIT_INSTEAD_OF` rewrites goes elsewhere, without it.
 *
 * @example
 * execFile("git", ["fetch", "--", cloneUrl, ref], { env: fetchEnvironment(cloneUrl, await repository.fetchAuthorization()) });
 */
export function fetchEnvironment(
  cloneUrl: string,
  authorization: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const quiet = { ...env, GIT_TERMINAL_PROMPT: "0" };
  if (authorization === undefined) return quiet;
  // After whatever configuration the intake's own environment already gives git this way.
  const n = Number(env.GIT_CONFIG_COUNT ?? 0);
  return {
    ...quiet,
    GIT_CONFIG_COUNT: String(n + 1),
    [`GIT_CONFIG_KEY_${n}`]: `http.${cloneUrl}.extraHeader`,
    [`GIT_CONFIG_VALUE_${n}`]: `Authorization: ${authorization}`,
  };
}

/** What git says when the server asked for credentials it was not given or did not take. */
const REFUSED = /could not read Username|Authentication failed|returned error: 40[13]/;

/**
 * Why a fetch of a repository that asked for credentials failed, in words, or undefined when that is not why.
 *
 * @example
 * credentialsRefusal("fatal: could not read Username for 'https://github.com': terminal prompts disabled", true)
 * // "the forge refused the intake's credentials"
 */
export function credentialsRefusal(stderr: string, authorized: boolean): string | undefined {
  if (!REFUSED.test(stderr)) return undefined;
  return authorized
    ? "the forge refused the intake's credentials (is the intake still allowed to read the repository?)"
    : "the repository needs credentials, and the intake has none for its forge";
}
