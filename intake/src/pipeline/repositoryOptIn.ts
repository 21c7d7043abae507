/**
 * Whether a repository opted in, as everything the intake does for it first asks: its `.coherence.json` on the
 * default branch, well formed, signed by the asset's owner as the registry says. Closed change requests are
 * attested only then, and open ones previewed only then: an App merely installed on a repository says nothing.
 */
import { InvalidArgumentError } from "@coherence/protocol";

import type { RepositoryForge } from "../forge/forge.ts";
import { COHERENCE_FILE, parseCoherenceFile } from "../optIn/coherenceFile.ts";
import { type OptIn, verifyOptIn } from "../optIn/verifyOptIn.ts";
import type { GateRefusal } from "./gates.ts";
import type { IntakeContext } from "./intakeContext.ts";

/** The refusal of a repository without `.coherence.json` on its default branch. */
export const NOT_OPTED_IN = "not-opted-in";

/**
 * The repository's verified opt-in, or why it has none.
 *
 * @example
 * const optIn = await repositoryOptIn(context, api, "github.com/octo-org/lib", "main");
 * if ("code" in optIn) refuse("opt-in", optIn);
 */
export async function repositoryOptIn(
  context: Pick<IntakeContext, "client" | "deployment">,
  api: RepositoryForge,
  repository: string,
  defaultBranch: string,
): Promise<OptIn | GateRefusal> {
  const text = await api.fileAt(COHERENCE_FILE, defaultBranch);
  if (text === undefined)
    return { code: NOT_OPTED_IN, reason: `${repository} has no ${COHERENCE_FILE} on ${defaultBranch}` };
  let file: ReturnType<typeof parseCoherenceFile>;
  try {
    file = parseCoherenceFile(text, `${repository}/${COHERENCE_FILE}`);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    return { code: "opt-in-malformed", reason: error.message };
  }
  return verifyOptIn({ client: context.client, deployment: context.deployment, file, repository });
}
