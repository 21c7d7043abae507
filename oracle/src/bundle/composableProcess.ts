/**
 * The process a runnable composable runs in (forked by `composableRunner`): it imports the pinned entry once and
 * calls its export for each request the gateway sends over IPC, one at a time, answering with the output or the
 * error. It is started under Node's permission model with read access to its pin only, so a composable cannot
 * write files, spawn processes or start workers.
 */
import { pathToFileURL } from "node:url";

type Request = { readonly id: number; readonly input: unknown };

const [entry, exportName] = process.argv.slice(2) as [string, string];
const loaded: Record<string, unknown> = await import(pathToFileURL(entry).href);
const call = loaded[exportName];
if (typeof call !== "function") {
  process.send!({ id: 0, error: { name: "NotAFunction", message: `${exportName} is not a function of ${entry}` } });
  process.exit(1);
}
process.send!({ id: 0, ready: true });

let queue: Promise<void> = Promise.resolve();
process.on("message", (request: Request) => {
  queue = queue.then(async () => {
    try {
      process.send!({ id: request.id, output: await call(request.input) });
    } catch (error) {
      const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
      process.send!({ id: request.id, error: { name, message } });
    }
  });
});
