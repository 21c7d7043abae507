/**
 * The filters of the public reads, strictly: each parameter named here at most once, no other, each value checked
 * (an address, a `<forge host>/<owner>/<repo>` repository, a known state or forge, a forge login), so a typo is an
 * answer that says so rather than a silently unfiltered list.
 */
import {
  address,
  type Infer,
  InvalidArgumentError,
  MalformedFieldError,
  object,
  oneOf,
  optional,
  parse,
  type Schema,
  string,
} from "@coherence/protocol";

import type { Contribution, ContributionState, ForgeName, RecordedRefusal } from "../store/intakeStore.ts";

/** A query the intake cannot answer as asked: the parameter and what is wrong with it. */
export class IntakeQueryError extends InvalidArgumentError {
  override name = "IntakeQueryError";
}

export const CONTRIBUTION_STATES: readonly ContributionState[] = ["held", "pending", "sent", "attested", "refused"];
export const FORGES: readonly ForgeName[] = ["github", "gitlab"];

/** `github.com/octo-org/lib`, as contributions and refusals name a repository. */
export const repositoryName = (): Schema<string> =>
  string({ pattern: /^[a-z0-9.-]+(:\d+)?\/[^/\s#!]+(\/[^/\s#!]+)+$/i, expected: "<forge host>/<owner>/<repo>" });

const login = string({ pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, expected: "a forge login" });

const contributionsQuery = object({
  contributor: optional(address()),
  repository: optional(repositoryName()),
  state: optional(oneOf(CONTRIBUTION_STATES)),
});
const refusalsQuery = object({
  login: optional(login),
  forge: optional(oneOf(FORGES)),
  repository: optional(repositoryName()),
});

function parseQuery<T>(schema: Schema<T>, search: URLSearchParams): T {
  const fields: Record<string, string> = {};
  for (const [name, value] of search) {
    if (name in fields) throw new IntakeQueryError(`query: ${name} is given more than once`);
    fields[name] = value;
  }
  try {
    return parse(schema, fields, { source: "query" });
  } catch (error) {
    if (error instanceof MalformedFieldError) throw new IntakeQueryError(error.message);
    throw error;
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The contributions `search` asks for (`contributor`, `repository`, `state`), in the store's order. */
export function contributionsMatching(all: readonly Contribution[], search: URLSearchParams): Contribution[] {
  const q: Infer<typeof contributionsQuery> = parseQuery(contributionsQuery, search);
  return all.filter(
    (c) =>
      (q.contributor === undefined || same(c.contributor, q.contributor)) &&
      (q.repository === undefined || same(c.repository, q.repository)) &&
      (q.state === undefined || c.state === q.state),
  );
}

/**
 * The repository a refusal's subject names (`github.com/o/r#12`, `gitlab.com/g/p!3`), if it names one rather than
 * a login or a contribution id.
 */
export function refusedRepository(refusal: RecordedRefusal): string | undefined {
  return refusedChange(refusal)?.repository;
}

/** The change request a refusal's subject names, if it names one. */
export function refusedChange(refusal: RecordedRefusal): { repository: string; number: number } | undefined {
  const match = /^([^\s#!]+\/[^\s#!]+)[#!](\d+)$/.exec(refusal.subject ?? "");
  return match === null ? undefined : { repository: match[1]!, number: Number(match[2]) };
}

/**
 * The refusals `search` asks for: `login`, those that name the login (a link, a rate limit, a cost report of that
 * contributor) and those of whole change requests it contributed to (not approved, not merged, a skipped label); `forge`, those of that forge's deliveries; `repository`, those of that repository's change requests.
 */
export function refusalsMatching(all: readonly RecordedRefusal[], search: URLSearchParams): RecordedRefusal[] {
  const q: Infer<typeof refusalsQuery> = parseQuery(refusalsQuery, search);
  return all.filter((r) => {
    const repository = refusedRepository(r);
    return (
      (q.login === undefined || same(r.subject ?? "", q.login) || (r.logins ?? []).some((l) => same(l, q.login!))) &&
      (q.forge === undefined || r.forge === q.forge) &&
      (q.repository === undefined || (repository !== undefined && same(repository, q.repository)))
    );
  });
}
