/**
 * A whole world for the intake's system test and benchmark, and the forge `npm start` runs: GitHub's REST API
 * (and, when asked, GitLab's) replayed over real git repositories that opt in to an asset, and the intake service as its own process
 * (started and stopped by process group), with helpers to deliver signed webhooks and read what it decided.
 * `startLocalForge` joins a chain that is already running; `startIntakeWorld` brings its own Hardhat node.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  deployLocal,
  freePort,
  type ManagedProcess,
  REPOSITORY_ROOT,
  startHardhatNode,
  startProcess,
  waitFor,
} from "@coherence/devnet";
import { HARDHAT_MNEMONIC, publicClientOf, walletClientOf } from "@coherence/oracle";
import {
  type CostReport,
  contributionLedgerAbi,
  costReportSchema,
  type Deployment,
  forgeLinkRegistryAbi,
  type PriceTable,
  priceCostReport,
  type RateCard,
} from "@coherence/protocol";
import { registerAsset, sendContract } from "@coherence/protocol/actions";
import { publishedPriceTables } from "@coherence/protocol/node";
import { Webhooks } from "@octokit/webhooks";
import { type Hex, keccak256, type PublicClient, stringToBytes } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";

import {
  FORGE_HOSTS,
  forgeLinkTypedData,
  GITHUB_FORGE,
  linkRegistryOf,
  nextLinkStatement,
  statementOf,
} from "../links/forgeLink.ts";
import { COHERENCE_FILE, coherenceFileText, type GatesInFile, optInTypedData } from "../optIn/coherenceFile.ts";
import type { Contribution, ForgeName, Link, RecordedRefusal } from "../store/intakeStore.ts";
import {
  closedPullRequest,
  createdComment,
  type PayloadAccount,
  type PayloadRepository,
  postDelivery,
  updatedPullRequest,
} from "./deliveries.ts";
import { type GitHubReplay, type ReplayRepository, startGitHubReplay } from "./githubReplay.ts";
import type { PayloadProject } from "./gitlabDeliveries.ts";
import { type GitLabReplay, startGitLabReplay } from "./gitlabReplay.ts";
import { GitRepository } from "./gitRepository.ts";

/** The world's people, by their index in Hardhat's test mnemonic (7 is the local deployment's attester). */
export const ACCOUNTS = { attester: 7, ada: 10, grace: 11, linus: 12, relayer: 15, mallory: 16 } as const;
export type Name = keyof typeof ACCOUNTS;

/** The private key of Hardhat test account `index`. */
export const keyOf = (index: number): Hex =>
  `0x${Buffer.from(mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }).getHdKey().privateKey!).toString("hex")}`;
export const accountOf = (name: Name) => privateKeyToAccount(keyOf(ACCOUNTS[name]));
/** Each person's GitHub account: ids are 1000 + their account index. */
export const forgeAccount = (name: Name): PayloadAccount => ({ login: name, id: 1000 + ACCOUNTS[name] });
const noreply = (name: Name) => `${1000 + ACCOUNTS[name]}+${name}@users.noreply.github.com`;

const APP_ID = "4242";
const INSTALLATION = 77;
const CARD: RateCard = {
  asset: "lib",
  format: "coherence-rate-card-v1",
  roles: { engineer: { maxHourlyMicroUsd: 200_000_000n, minHourlyMicroUsd: 80_000_000n } },
};

/** A pull request made in a world's repository. */
export type Pull = { number: number; base: string; head: string; merge: string; reports: Map<Name, CostReport> };

export type PullRequestOptions = {
  author: Name;
  coAuthor?: Name;
  /** Lines of code it adds. */
  lines: number;
  /** What it changes instead of `lines` of code, and without cost reports (a dependency bump, say). */
  files?: Record<string, string>;
  reviews: { by: Name; state: "APPROVED" | "CHANGES_REQUESTED" }[];
  /** False: left unmerged on its branch; "fast-forward": merged without a merge commit, as GitLab can. */
  merge?: boolean | "fast-forward";
};

export type LocalForgeOptions = {
  rpcUrl: string;
  deployment: Deployment;
  /** Where the deployment file is, for the intake. */
  deploymentsDir: string;
  /**
   * Where its repositories (`forge/`), the intake's store and the published cost reports go: `manifests/costs`,
   * where an oracle publishing to `<work>/manifests` reads them.
   */
  work: string;
  /** The intake's port; a free one unless told. */
  port?: number;
  /** Where the intake's output goes, besides memory. */
  logFile?: string;
  /** Also replay GitLab's API, and configure the intake for GitLab too. */
  gitlab?: boolean;
};

export type LocalForge = Awaited<ReturnType<typeof startLocalForge>>;
export type IntakeWorld = LocalForge;

/**
 * A world on its own Hardhat node with the protocol deployed, in a temporary directory its `stop` removes.
 *
 * @example
 * const world = await startIntakeWorld();
 * await world.startIntake();
 * await world.deliver("pull_request", world.closed(pull, "ada"));
 */
export async function startIntakeWorld(options: Pick<LocalForgeOptions, "gitlab"> = {}): Promise<IntakeWorld> {
  const work = await mkdtemp(path.join(tmpdir(), "ccn-intake-"));
  const { process: node, rpcUrl } = await startHardhatNode(await freePort());
  const cleanup = async () => {
    await node.stop();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const deploymentsDir = path.join(work, "deployments");
    const deployment = await deployLocal(rpcUrl, deploymentsDir);
    const forge = await startLocalForge({ rpcUrl, deployment, deploymentsDir, work, ...options });
    // Replaced in place, not spread into a new object: spreading would freeze its getters' current values.
    const stopForge = forge.stop;
    forge.stop = async () => {
      await stopForge();
      await cleanup();
    };
    return forge;
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export type LinkedIntakeWorld = {
  world: IntakeWorld;
  /** The repository as its deliveries name it. */
  repository: PayloadRepository;
  repo: GitRepository;
  replay: ReplayRepository;
};

/**
 * An intake world whose GitHub repository `name` opts in to the asset, signed by `author`, with the intake started
 * and `author`'s GitHub account linked by a `/ccn link` comment on pull request 1, settled on-chain; the world is
 * stopped if any of that fails.
 *
 * @example
 * const { world, repository, repo, replay } = await startLinkedIntakeWorld("lib", "ada");
 */
export async function startLinkedIntakeWorld(name: string, author: Name): Promise<LinkedIntakeWorld> {
  const world = await startIntakeWorld();
  try {
    const repository = world.repositoryPayload(name);
    const [repo, replay] = await world.optedInRepository(name, author);
    await world.startIntake();
    await world.deliver(
      "issue_comment",
      createdComment({ repository, number: 1, author: forgeAccount(author), body: await world.linkComment(author) }),
    );
    await world.waitLinksSettled();
    return { world, repository, repo, replay };
  } catch (error) {
    await world.stop();
    throw error;
  }
}

/**
 * GitHub replayed, an asset of ada's for its repositories to opt in to, and the intake ready to start, on a chain
 * that is running with the protocol deployed (account 7 its attester, as the local deployment makes it). `stop`
 * stops the intake and the replay and leaves `work` in place.
 *
 * @example
 * const forge = await startLocalForge({ rpcUrl, deployment, deploymentsDir, work: ".ccn/local" });
 * const [repo, replay] = await forge.optedInRepository("lib", "ada");
 * await forge.startIntake({ relayed: false });
 */
export async function startLocalForge(options: LocalForgeOptions) {
  const { rpcUrl, deployment, deploymentsDir, work, logFile } = options;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const appKey = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const secret = randomBytes(32).toString("hex");
  const webhooks = new Webhooks({ secret });
  const repositories = new Map<string, ReplayRepository>();
  /** GitLab's projects, by id, and each one's id by name. */
  const projects = new Map<number, ReplayRepository>();
  const projectIds = new Map<string, number>();
  const gitlabToken = `glpat-${randomBytes(10).toString("hex")}`;
  const gitlabSecret = randomBytes(32).toString("hex");
  let github: GitHubReplay | undefined;
  let gitlab: GitLabReplay | undefined;
  let intake: ManagedProcess | undefined;
  const cleanup = async () => {
    await intake?.stop();
    await github?.stop();
    await gitlab?.stop();
  };
  try {
    const client: PublicClient = publicClientOf(deployment.chainId, rpcUrl);
    const { assetId } = await registerAsset({
      publicClient: client,
      walletClient: walletClientOf(deployment.chainId, rpcUrl, accountOf("ada")),
      deployment,
      registration: {
        contentHash: keccak256(stringToBytes("octo-org/lib")),
        kind: "Code",
        uri: "ipfs://lib",
        parents: [],
      },
      source: "intake world",
    });
    const priceTable: PriceTable = (await publishedPriceTables()).values().next().value!;
    github = await startGitHubReplay({ appId: APP_ID, privateKey: appKey, repositories });
    if (options.gitlab === true) gitlab = await startGitLabReplay({ token: gitlabToken, projects });
    const port = options.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    let delivery = 0;
    let hour = 0;

    const get = async <T>(what: string): Promise<T> => (await (await fetch(`${url}/${what}`)).json()) as T;
    const refusals = async () => (await get<{ refusals: RecordedRefusal[] }>("refusals")).refusals;
    const contributions = async () => (await get<{ contributions: Contribution[] }>("contributions")).contributions;
    const links = async () => (await get<{ links: Link[] }>("links")).links;

    const world = {
      work,
      rpcUrl,
      client,
      deployment,
      assetId,
      webhooks,
      repositories,
      url,
      get intake() {
        return intake!;
      },
      /** Takes GitHub's API away, as an outage does. */
      stopGitHub: () => github!.stop(),
      /** Brings GitHub's API back where it was. */
      async restartGitHub() {
        const port = Number(new URL(github!.url).port);
        github = await startGitHubReplay({ appId: APP_ID, privateKey: appKey, repositories, port });
      },
      /** The secret token of the GitLab projects' webhook (`X-Gitlab-Token`). */
      gitlabSecret,
      /** A GitLab project the world made (`optedInRepository(..., "gitlab")`), as its deliveries name it. */
      projectPayload: (name: string): PayloadProject => ({
        id: projectIds.get(name)!,
        pathWithNamespace: `octo-org/${name}`,
      }),
      repositoryPayload: (name: string): PayloadRepository => ({
        owner: "octo-org",
        name,
        cloneUrl: `https://github.com/octo-org/${name}.git`,
        installationId: INSTALLATION,
      }),

      /** Starts the service; with `relayed`, a relayer sends the attester's signed batches, else the attester. */
      async startIntake(options: { relayed?: boolean; env?: NodeJS.ProcessEnv } = {}) {
        intake = startProcess({
          name: "intake",
          command: process.execPath,
          args: [path.join(REPOSITORY_ROOT, "intake", "src", "cli", "intake.ts")],
          cwd: REPOSITORY_ROOT,
          ...(logFile !== undefined ? { logFile } : {}),
          env: {
            ...process.env,
            CCN_RPC_URL: rpcUrl,
            CCN_DEPLOYMENTS_DIR: deploymentsDir,
            CCN_INTAKE_PORT: String(port),
            CCN_INTAKE_DATABASE: path.join(work, "intake.sqlite"),
            CCN_INTAKE_COSTS_DIR: path.join(work, "manifests", "costs"),
            CCN_GITHUB_WEBHOOK_SECRET: secret,
            CCN_GITHUB_APP_ID: APP_ID,
            CCN_GITHUB_PRIVATE_KEY: appKey,
            CCN_GITHUB_API_URL: github!.url,
            ...(gitlab === undefined
              ? {}
              : {
                  CCN_GITLAB_TOKEN: gitlabToken,
                  CCN_GITLAB_WEBHOOK_SECRET: gitlabSecret,
                  CCN_GITLAB_API_URL: gitlab.url,
                }),
            CCN_ATTESTER_PRIVATE_KEY: keyOf(ACCOUNTS.attester),
            ...((options.relayed ?? true) ? { CCN_RELAYER_PRIVATE_KEY: keyOf(ACCOUNTS.relayer) } : {}),
            CCN_INTAKE_BATCH_WINDOW_MS: "100",
            // The clone URLs the deliveries name are the world's repositories on disk.
            CCN_INTAKE_MIRRORS_DIR: path.join(work, "mirrors"),
            CCN_INTAKE_GIT_INSTEAD_OF: ["github.com", "gitlab.com"]
              .map((host) => `https://${host}/octo-org/=file://${path.join(work, "forge")}/`)
              .join(" "),
            ...options.env,
          },
        });
        await waitFor("the intake's /health", async () => ((await fetch(`${url}/health`)).ok ? true : undefined), {
          timeoutMs: 60_000,
          process: intake,
        });
        return intake;
      },

      get,
      refusals,
      contributions,
      refusalsOf: async (id: string) => (await refusals()).filter((r) => r.deliveryId === id),
      links,

      /** Posts a signed delivery; its id. */
      async post(event: string, payload: Record<string, unknown>): Promise<string> {
        const id = `delivery-${++delivery}`;
        const answer = await postDelivery({ url, event, id, body: JSON.stringify(payload), signature: webhooks });
        if (answer.status !== 202) throw new Error(`delivery ${id} was not queued: ${JSON.stringify(answer.body)}`);
        return id;
      },

      /** Waits until the intake has processed the delivery `id`. */
      processed: (id: string) =>
        waitFor(
          `delivery ${id} processed`,
          async () => ((await get<{ state?: string }>(`deliveries/${id}`)).state === "done" ? true : undefined),
          { timeoutMs: 120_000, process: intake! },
        ),

      /** Posts a signed delivery and waits until the intake has processed it. */
      async deliver(event: string, payload: Record<string, unknown>): Promise<string> {
        const id = await world.post(event, payload);
        await world.processed(id);
        return id;
      },

      attestedOnChain: () =>
        client.getContractEvents({
          address: deployment.contracts.ContributionLedger.address,
          abi: contributionLedgerAbi,
          eventName: "ContributionAttested",
          fromBlock: 0n,
        }),

      waitAttested: (ids: readonly string[]) =>
        waitFor(
          `contributions ${ids.join(", ")} attested`,
          async () => {
            const states = (await contributions()).filter((c) => ids.includes(c.id)).map((c) => c.state);
            return states.length === ids.length && states.every((s) => s === "attested") ? true : undefined;
          },
          { timeoutMs: 120_000, process: intake! },
        ),

      /** The `/ccn link` comment `name` posts, signed for `login` (their own unless told) with their next nonce. */
      async linkComment(name: Name, login: string = name, forge: ForgeName = "github"): Promise<string> {
        const registry = linkRegistryOf(deployment);
        const account = accountOf(name);
        const statement = await nextLinkStatement(client, registry, {
          forge: FORGE_HOSTS[forge],
          login,
          account: account.address,
        });
        return `/ccn link ${account.address} ${await account.signTypedData(forgeLinkTypedData(registry, statement))}`;
      },

      /** The ForgeLinkRegistry's active link of `name`'s GitHub account: its address and statement nonce. */
      async linkOnChain(name: Name): Promise<{ account: Hex; nonce: bigint }> {
        const [account, nonce] = await client.readContract({
          address: linkRegistryOf(deployment).address,
          abi: forgeLinkRegistryAbi,
          functionName: "linkOf",
          args: [GITHUB_FORGE, BigInt(forgeAccount(name).id)],
        });
        return { account, nonce };
      },

      /** `name`'s address ends its GitHub link in the ForgeLinkRegistry itself, without the intake. */
      async unlinkOnChain(name: Name): Promise<void> {
        await sendContract({
          publicClient: client,
          walletClient: walletClientOf(deployment.chainId, rpcUrl, accountOf(name)),
          address: linkRegistryOf(deployment).address,
          abi: forgeLinkRegistryAbi,
          functionName: "unlink",
          args: [GITHUB_FORGE],
        });
      },

      /** Waits until the intake settled every stored link with the chain, and returns them. */
      waitLinksSettled: () =>
        waitFor(
          "links settled on-chain",
          async () => {
            const all = await links();
            return all.every((l) => l.onChain !== undefined) ? all : undefined;
          },
          { timeoutMs: 60_000, process: intake! },
        ),

      /** Whether a served link's signature is its address's over its statement, as anyone can check. */
      verifyServedLink: (link: Link) =>
        client.verifyTypedData({
          address: link.address,
          ...forgeLinkTypedData(linkRegistryOf(deployment), statementOf(link)),
          signature: link.signature,
        }),

      /**
       * A repository with `.coherence.json` for the asset, signed by `signer` (or none), known to the replay of its
       * forge (GitHub's unless told).
       */
      async optedInRepository(
        name: string,
        signer: Name | undefined,
        gates?: GatesInFile,
        forge: ForgeName = "github",
      ): Promise<[GitRepository, ReplayRepository]> {
        // Named as its clone URL ends, so the intake's mirror fetches it through CCN_INTAKE_GIT_INSTEAD_OF.
        const repo = await GitRepository.init(path.join(work, "forge", `${name}.git`));
        const file = {
          repository: `${FORGE_HOSTS[forge]}/octo-org/${name}`,
          chainId: deployment.chainId,
          assetId,
          distributor: deployment.contracts.PayoutDistributor.address,
          gates,
        };
        const files: Record<string, string> = { "README.md": `# ${name}\n` };
        if (signer !== undefined)
          files[COHERENCE_FILE] = coherenceFileText({
            ...file,
            signature: await accountOf(signer).signTypedData(optInTypedData(file)),
          });
        await repo.commit(files, { message: "Start" });
        const replay: ReplayRepository = {
          dir: repo.dir,
          pulls: new Map(),
          commentLog: { comments: new Map() },
          permissions: new Map([
            ["ada", "admin"],
            ["linus", "write"],
          ]),
        };
        if (forge === "github") repositories.set(`octo-org/${name}`, replay);
        else {
          projectIds.set(name, 100 + projectIds.size);
          projects.set(projectIds.get(name)!, replay);
        }
        return [repo, replay];
      },

      /**
       * A pull request on a branch of `repo` merged into main as the merge button does, known to the replay; each
       * contributor's cost report is one hour of labor at an hour of its own, so no two bill the same time.
       */
      async pullRequest(repo: GitRepository, replay: ReplayRepository, number: number, options: PullRequestOptions) {
        const base = await repo.git("rev-parse", "HEAD");
        await repo.checkout(`pr-${number}`, true);
        const reports = new Map<Name, CostReport>();
        const code = Array.from({ length: options.lines }, (_, i) => `export const v${i} = ${i};\n`).join("");
        const files: Record<string, string> = options.files ?? { [`src/change${number}.ts`]: code };
        const contributors = [options.author, ...(options.coAuthor === undefined ? [] : [options.coAuthor])];
        for (const name of options.files === undefined ? contributors : []) {
          const start = Date.UTC(2026, 9, 1) + hour++ * 3_600_000;
          const instant = (ms: number) => new Date(ms).toISOString().replace(".000", "");
          const report = priceCostReport({
            rateCard: CARD,
            priceTable,
            labor: [
              {
                start: instant(start),
                end: instant(start + 3_600_000),
                role: "engineer",
                hourlyMicroUsd: 80_000_000n,
                description: `pull request ${number}`,
              },
            ],
          });
          reports.set(name, report);
          files[`.coherence/costs/${name}/pr-${number}.json`] =
            `${JSON.stringify(costReportSchema.encode(report), null, 2)}\n`;
        }
        const trailer =
          options.coAuthor === undefined
            ? ""
            : `\n\nCo-authored-by: ${options.coAuthor} <${noreply(options.coAuthor)}>`;
        const head = await repo.commit(files, {
          message: `Change ${number}${trailer}`,
          author: { name: options.author, email: noreply(options.author) },
        });
        await repo.checkout("main");
        const merge =
          options.merge === false
            ? head
            : options.merge === "fast-forward"
              ? await repo.fastForward(`pr-${number}`)
              : await repo.merge(`pr-${number}`, `Merge pull request #${number} from pr-${number}`);
        replay.pulls.set(number, {
          base,
          head,
          reviews: options.reviews.map((r) => ({ by: forgeAccount(r.by), state: r.state })),
          author: forgeAccount(options.author),
          // The replay answers a merge time without a merge commit as a fast-forward merge.
          ...(options.merge === false
            ? {}
            : options.merge === "fast-forward"
              ? { mergedAt: "2026-11-02T13:00:00.000Z" }
              : { merge }),
        });
        const pull: Pull = { number, base, head, merge, reports };
        return pull;
      },

      /** A commit of `lines` more lines pushed to an open pull request's branch; the pull request at its new head. */
      async pushToPullRequest(repo: GitRepository, replay: ReplayRepository, pull: Pull, lines: number) {
        await repo.checkout(`pr-${pull.number}`);
        const code = Array.from({ length: lines }, (_, i) => `export const w${i} = ${i};\n`).join("");
        const author = replay.pulls.get(pull.number)!.author!.login as Name;
        const head = await repo.commit(
          { [`src/more${pull.number}.ts`]: code },
          { message: `More of change ${pull.number}`, author: { name: author, email: noreply(author) } },
        );
        await repo.checkout("main");
        replay.pulls.set(pull.number, { ...replay.pulls.get(pull.number)!, head });
        return { ...pull, head };
      },

      /** Merges an open pull request into main as the merge button does; the pull request with its merge. */
      async mergePullRequest(repo: GitRepository, replay: ReplayRepository, pull: Pull): Promise<Pull> {
        const merge = await repo.merge(
          `pr-${pull.number}`,
          `Merge pull request #${pull.number} from pr-${pull.number}`,
        );
        replay.pulls.set(pull.number, { ...replay.pulls.get(pull.number)!, merge });
        return { ...pull, merge };
      },

      /** The `pull_request` delivery of an open pull request: opened, pushed to (`synchronize`) or reopened. */
      updated: (
        pull: Pull,
        author: Name,
        repository: PayloadRepository,
        action: "opened" | "synchronize" | "reopened" = "opened",
      ) =>
        updatedPullRequest({
          repository,
          number: pull.number,
          author: forgeAccount(author),
          action,
          head: pull.head,
          base: pull.base,
        }),

      /** The `pull_request.closed` delivery of a pull request, merged unless told. */
      closed: (pull: Pull, author: Name, repository: PayloadRepository, merged = true) =>
        closedPullRequest({
          repository,
          number: pull.number,
          author: forgeAccount(author),
          merge: merged ? pull.merge : undefined,
          head: pull.head,
          base: pull.base,
        }),

      /** The GitHub replay's URL, where the intake reads GitHub's API. */
      get githubUrl() {
        return github!.url;
      },
      /** Stops the service and the replay. */
      stop: cleanup,
    };
    return world;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
