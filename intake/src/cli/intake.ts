/**
 * `npm run intake [-- <command>]`: with no command, the service (`serve.ts`); `opt-in` signs a repository's
 * `.coherence.json` as the asset's owner; `link` signs the comment that links a forge account to an address.
 */
import { serve } from "./serve.ts";
import { signLink } from "./signLink.ts";
import { signOptIn } from "./signOptIn.ts";

const USAGE = `usage: npm run intake                 the intake service (configured by the environment)
       npm run intake -- opt-in --repository github.com/<owner>/<repo> --asset <id> [--gates FILE]
                                    (gitlab.com/<namespace>/<project> for a GitLab project)
       npm run intake -- link --login <forge login> [--forge gitlab] [--host <self-managed host>]`;

async function main([command, ...args]: readonly string[]): Promise<void> {
  if (command === undefined || command === "serve") return serve();
  if (command === "opt-in") return void process.stdout.write(await signOptIn(args, process.env));
  if (command === "link") return void process.stdout.write(await signLink(args, process.env));
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`intake: ${(error as Error).message}\n`);
  process.exit(1);
});
