/**
 * A refusal as a contributor reads it on My contributions: one of their whole change request (the intake names its
 * contributors' logins on it) says which pull or merge request was refused; any other names what it refused.
 */
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
 * The refusals of whole change requests of repositories under `host`: of a self-managed forge's account, the ones
 * the intake's answer tells apart from another forge's account of the same login.
 *
 * @example
 * refusalsUnderHost(refusals, "gitlab.example.org") // those with subject "gitlab.example.org/g/p#4" and logins
 */
export function refusalsUnderHost(refusals: readonly IntakeRefusal[], host: string): IntakeRefusal[] {
  const prefix = `${host.toLowerCase()}/`;
  return refusals.filter(
    (r) => r.logins !== undefined && refusedChangeOf(r)?.repository.toLowerCase().startsWith(prefix) === true,
  );
}
