/**
 * A refusal as a contributor reads it on My contributions: one of their whole change request (the intake names its
 * contributors' logins on it) says which pull or merge request was refused; any other names what it refused.
 */
import { HOSTED_FORGES } from "@coherence/protocol";

import type { IntakeRefusal } from "./intake.ts";

/** The change request a refusal's subject names (`github.com/o/r#12`, `gitlab.com/g/p!3`), if it names one. */
export function refusedChangeOf(refusal: Pick<IntakeRefusal, "subject">) {
  const match = /^([^\s#!]+\/[^\s#!]+)([#!])(\d+)$/.exec(refusal.subject ?? "");
  return match === null
    ? undefined
    : { repository: match[1]!, mergeRequest: match[2] === "!", number: Number(match[3]) };
}

/**
 * The refusal's headline.
 *
 * @example
 * refusalTitle({ subject: "github.com/o/lib#4", logins: ["ada"], forge: "github" }) // "Your pull request #4 in github.com/o/lib was refused"
 * refusalTitle({ subject: "ada" }) // "ada"
 */
export function refusalTitle(refusal: Pick<IntakeRefusal, "subject" | "logins" | "forge">): string {
  const change = refusedChangeOf(refusal);
  if (change === undefined || refusal.logins === undefined) return refusal.subject ?? "A delivery";
  const kind = change.mergeRequest || refusal.forge === "gitlab" ? "merge request" : "pull request";
  return `Your ${kind} #${change.number} in ${change.repository} was refused`;
}

/**
 * The forge host a refusal's logins are accounts of: the one the intake recorded with it; for one recorded before
 * the intake recorded hosts, the host of the change request its subject names, else its forge's hosted one.
 *
 * @example
 * refusalHost({ subject: "ada", forge: "gitlab", host: "gitlab.example.org" }) // "gitlab.example.org"
 * refusalHost({ subject: "ada", forge: "gitlab" }) // "gitlab.com"
 */
export function refusalHost(refusal: Pick<IntakeRefusal, "subject" | "forge" | "host">): string | undefined {
  if (refusal.host !== undefined) return refusal.host.toLowerCase();
  const change = refusedChangeOf(refusal);
  if (change !== undefined) return change.repository.slice(0, change.repository.indexOf("/")).toLowerCase();
  return refusal.forge === undefined ? undefined : HOSTED_FORGES[refusal.forge];
}

/**
 * The refusals of the forge account `login` on `host` (as its link statement names the forge): those naming the
 * login, as their subject or among a whole change request's logins, of that host, so a same-named account on
 * another forge (gitlab.com's ada, a self-managed GitLab's ada) is not shown the other's.
 *
 * @example
 * refusalsOfAccount(await intake.refusals({ login: "ada" }), { host: "gitlab.example.org", login: "ada" })
 */
export function refusalsOfAccount(
  refusals: readonly IntakeRefusal[],
  account: { host: string; login: string },
): IntakeRefusal[] {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return refusals.filter(
    (r) =>
      refusalHost(r) === account.host.toLowerCase() &&
      (same(r.subject ?? "", account.login) || (r.logins ?? []).some((l) => same(l, account.login))),
  );
}
