import { type GitHttpServer, startGitHttpServer } from "./gitHttpServer.ts";
import { commandLinesHolding } from "./secretLeaks.ts";

/**
 * A git HTTP server over `root` that asks for `authorization` and, while it answers each request, adds to `leaked`
 * the command lines holding any of `secrets`: read while the fetching git waits for the answer, its processes are
 * alive, with their command lines.
 */
export function startLeakWatchingGitServer(
  root: string,
  authorization: string,
  secrets: readonly string[],
  leaked: string[],
): Promise<GitHttpServer> {
  return startGitHttpServer({
    root,
    authorization,
    onRequest: async () => {
      leaked.push(...(await commandLinesHolding(secrets)));
    },
  });
}
