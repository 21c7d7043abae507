/**
 * The forge intake's public HTTP API as the web app reads it (intake/src/http/intakeServer.ts): a contributor's
 * contributions and refusals, the repositories it took work from with their asset's owner, and an owner's signed
 * approval of held work. Every answer is decoded by its schema, so a changed intake fails here by name rather than
 * showing wrong numbers; amounts come as decimal text and are read as bigint.
 */
import {
  address,
  array,
  boolean,
  bytes32,
  decimal,
  heldContributionsHash,
  type Infer,
  integer,
  object,
  oneOf,
  optional,
  parseJson,
  type Schema,
  string,
} from "@coherence/protocol";
import type { Address, Hex } from "viem";

/** The intake could not be reached (`NETWORK`), or answered with an error (`HTTP`, its named `outcome`). */
export class IntakeError extends Error {
  override name = "IntakeError";
  constructor(
    readonly code: "NETWORK" | "HTTP",
    message: string,
    readonly outcome?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const INTAKE_FORGES = ["github", "gitlab"] as const;
export type IntakeForge = (typeof INTAKE_FORGES)[number];

const contributionSchema = object(
  {
    id: bytes32(),
    repository: string(),
    pullRequest: integer({ min: 0 }),
    login: string(),
    assetId: decimal(),
    contributor: address(),
    laborMicroUsd: decimal(),
    toolsMicroUsd: decimal(),
    computeMicroUsd: decimal(),
    evidenceUri: string(),
    mergedAt: integer({ min: 0 }),
    state: oneOf(["held", "pending", "sent", "attested", "refused"]),
    heldReason: optional(string()),
    transactionHash: optional(bytes32()),
  },
  { allowExtra: true },
);
export type IntakeContribution = Infer<typeof contributionSchema>;

const refusalSchema = object(
  {
    seq: integer({ min: 0 }),
    deliveryId: optional(string()),
    stage: string(),
    code: string(),
    subject: optional(string()),
    reason: string(),
    at: integer({ min: 0 }),
    forge: optional(oneOf(INTAKE_FORGES)),
    /** A refusal of a whole change request (its subject): the logins of those whose work it refused. */
    logins: optional(array(string())),
    /** The forge host its logins (and a subject that is a login) are accounts of; absent on older refusals. */
    host: optional(string()),
  },
  { allowExtra: true },
);
export type IntakeRefusal = Infer<typeof refusalSchema>;

const repositorySchema = object(
  {
    forge: oneOf(INTAKE_FORGES),
    repository: string(),
    assetId: decimal(),
    owner: address(),
    counts: object({
      pending: integer({ min: 0 }),
      held: integer({ min: 0 }),
      attested: integer({ min: 0 }),
      refused: integer({ min: 0 }),
    }),
    /** The gates in effect, as the latest verified opt-in signed them; absent until the intake verified one. */
    gates: optional(
      object(
        {
          requireApproval: boolean(),
          excludedLabels: array(string()),
          skipBots: boolean(),
          rateLimit: object({ count: integer({ min: 1 }), windowSeconds: integer({ min: 1 }) }),
          maxMicroUsdPerChangedLine: decimal(),
        },
        { allowExtra: true },
      ),
    ),
    gatesVerifiedAt: optional(integer({ min: 0 })),
  },
  { allowExtra: true },
);
export type IntakeRepository = Infer<typeof repositorySchema>;

const approvedSchema = object(
  { outcome: oneOf(["approved"]), approval: string(), released: array(bytes32()) },
  { allowExtra: true },
);
export type Approved = Infer<typeof approvedSchema>;

const errorSchema = object({ outcome: string(), reason: string() }, { allowExtra: true });

type Fetch = typeof fetch;

/** One request to the intake at `base`, its JSON answer decoded by `schema`; throws {@link IntakeError}. */
async function request<T>(
  base: string,
  path: string,
  schema: Schema<T>,
  init: RequestInit = {},
  fetcher: Fetch = fetch,
): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(`${base}${path}`, init);
  } catch (cause) {
    throw new IntakeError("NETWORK", `The intake at ${base} could not be reached.`, undefined, { cause });
  }
  const text = await response.text();
  if (!response.ok) {
    let said: { outcome: string; reason: string } | undefined;
    try {
      said = parseJson(errorSchema, text);
    } catch {
      said = undefined;
    }
    throw new IntakeError(
      "HTTP",
      said === undefined ? `The intake answered ${response.status}.` : `${said.reason} (${said.outcome})`,
      said?.outcome,
    );
  }
  return parseJson(schema, text, { source: `the intake's ${path.split("?")[0]}` });
}

export type IntakeClient = ReturnType<typeof intakeClient>;

/**
 * The intake at `base`.
 *
 * @example
 * const intake = intakeClient("http://127.0.0.1:8790");
 * const mine = await intake.contributions({ contributor: "0x…" });
 */
export function intakeClient(base: string, fetcher: Fetch = fetch) {
  const get = <T>(path: string, schema: Schema<T>, signal?: AbortSignal) =>
    request(base, path, schema, signal === undefined ? {} : { signal }, fetcher);
  const query = (fields: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.set(name, value);
    const text = params.toString();
    return text === "" ? "" : `?${text}`;
  };
  return {
    contributions: async (
      filter: { contributor?: Address; repository?: string; state?: IntakeContribution["state"] },
      signal?: AbortSignal,
    ) =>
      (await get(`/contributions${query(filter)}`, object({ contributions: array(contributionSchema) }), signal))
        .contributions,
    refusals: async (filter: { login?: string; forge?: IntakeForge; repository?: string }, signal?: AbortSignal) =>
      (await get(`/refusals${query(filter)}`, object({ refusals: array(refusalSchema) }), signal)).refusals,
    repositories: async (signal?: AbortSignal) =>
      (await get("/repositories", object({ repositories: array(repositorySchema) }), signal)).repositories,
    approve: (approval: SignedApproval) =>
      request(
        base,
        "/approvals",
        approvedSchema,
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(approval) },
        fetcher,
      ),
  };
}

/** What `POST /approvals` takes: the IntakeApproval's fields (numbers as JSON numbers) and the owner's signature. */
export type SignedApproval = {
  forge: IntakeForge;
  repository: string;
  number: number;
  heldHash: Hex;
  deadline: number;
  signature: Hex;
};

/** The intake's name of the forge a linked account is on, by the host its link statement names. */
export const intakeForgeOf = (host: string): IntakeForge | undefined =>
  host === "github.com" ? "github" : host === "gitlab.com" ? "gitlab" : undefined;

/** A contributor's work as the intake has it: `pending` includes what is in a batch not yet mined. */
export type MyIntake = {
  pending: IntakeContribution[];
  held: IntakeContribution[];
  attested: IntakeContribution[];
  /** Refused by the chain (contributions) or before (refusals naming the login), newest first. */
  refused: IntakeRefusal[];
  refusedOnChain: IntakeContribution[];
};

export function sortMyIntake(
  contributions: readonly IntakeContribution[],
  refusals: readonly IntakeRefusal[],
): MyIntake {
  const newest = <T extends { mergedAt: number }>(xs: T[]) => xs.sort((a, b) => b.mergedAt - a.mergedAt);
  const bySeq = new Map(refusals.map((r) => [r.seq, r]));
  return {
    pending: newest(contributions.filter((c) => c.state === "pending" || c.state === "sent")),
    held: newest(contributions.filter((c) => c.state === "held")),
    attested: newest(contributions.filter((c) => c.state === "attested")),
    refusedOnChain: newest(contributions.filter((c) => c.state === "refused")),
    // A refusal asked for under two of the address's logins is one refusal.
    refused: [...bySeq.values()].sort((a, b) => b.seq - a.seq),
  };
}

/** A change request's held contributions, as the owner approves them: all at once, bound by their ids' hash. */
export type HeldChange = {
  repository: string;
  number: number;
  contributions: IntakeContribution[];
  heldHash: Hex;
  /** Micro-USD claimed in all. */
  claimedMicroUsd: bigint;
};

/** The held contributions of a repository, one entry per change request, oldest first. */
export function heldChanges(contributions: readonly IntakeContribution[]): HeldChange[] {
  const byChange = new Map<string, IntakeContribution[]>();
  for (const c of contributions) {
    if (c.state !== "held") continue;
    const key = `${c.repository}#${c.pullRequest}`;
    byChange.set(key, [...(byChange.get(key) ?? []), c]);
  }
  return [...byChange.values()].map((held) => ({
    repository: held[0]!.repository,
    number: held[0]!.pullRequest,
    contributions: held,
    heldHash: heldContributionsHash(held.map((c) => c.id)),
    claimedMicroUsd: held.reduce((s, c) => s + c.laborMicroUsd + c.toolsMicroUsd + c.computeMicroUsd, 0n),
  }));
}

/** The repositories whose asset `account` owns now: the ones it may approve held work of. */
export const ownedRepositories = (repositories: readonly IntakeRepository[], account: Address) =>
  repositories.filter((r) => r.owner.toLowerCase() === account.toLowerCase());

/** How long a signed approval stays valid: it is posted at once. */
export const APPROVAL_SECONDS = 600;
