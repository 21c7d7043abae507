/**
 * Forge links as the Forge accounts page handles them: the logins a forge accepts, the `/ccn link` comment a forge
 * account posts (the format the intake reads, intake/src/links/ccnCommand.ts), the indexer's link rows decoded, and
 * each link's signature verified in the browser against the statement it carries.
 */
import { type ForgeLinkStatement, forgeLinkTypedData } from "@coherence/protocol";
import { type Address, type Hex, verifyTypedData } from "viem";

import { big, bigOrNull } from "./indexerValues.ts";

/** The two kinds of forge the intake takes work from: each hosted, or self-managed under a host of its own. */
export type ForgeKind = "github" | "gitlab";

/** The hosted forges, by the host a statement names. */
export const HOSTED_FORGES: Record<ForgeKind, string> = { github: "github.com", gitlab: "gitlab.com" };

/**
 * A forge as a link statement names it: by the host its repositories are named under (github.com, gitlab.com, or a
 * self-managed GitLab's or GitHub Enterprise's own), and its kind, whose login rule applies.
 */
export type Forge = { kind: ForgeKind; host: string };

/**
 * Each kind's login rule, as the forge states it: GitHub's are letters, digits and single inner hyphens, at most
 * 39; GitLab's start with a letter, digit or `_`, then those, `.` and `-`, and end with neither `.` nor `-`.
 */
const LOGIN_RULES: Record<ForgeKind, { pattern: RegExp; max: number; words: string }> = {
  github: {
    pattern: /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/,
    max: 39,
    words: "letters, digits and single hyphens, not at either end",
  },
  gitlab: {
    pattern: /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/,
    max: 255,
    words: "letters, digits, _, . and -, starting with a letter, digit or _ and not ending with . or -",
  },
};

/**
 * What is wrong with `login` as an account name on `forge`, or undefined when nothing is. A mistyped login would
 * be signed for nothing: the intake records a statement only from the account it names.
 *
 * @example
 * loginProblem({ kind: "github", host: "github.com" }, "-ada") // "A github.com login is letters, digits and single hyphens, …"
 */
export function loginProblem(forge: Forge, login: string): string | undefined {
  if (login === "") return `Enter your ${forge.host} login.`;
  const rule = LOGIN_RULES[forge.kind];
  if (login.length > rule.max)
    return `A ${forge.host} login is at most ${rule.max} characters; this one is ${login.length}.`;
  if (!rule.pattern.test(login)) return `A ${forge.host} login is ${rule.words}: "${login}" is not one.`;
  return undefined;
}

/** A DNS name's labels (letters, digits, inner hyphens, at most 63 each), then an optional port, as a URL's host. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::(\d{1,5}))?$/;

/**
 * A self-managed forge's host as a statement names it, lower case as its repositories' web addresses give it
 * (`new URL(web_url).host`, which the intake names repositories by), or what is wrong with what was typed.
 *
 * @example
 * selfManagedHost("GitLab.Example.org") // { host: "gitlab.example.org" }
 * selfManagedHost("https://gitlab.example.org/") // { problem: "Enter the host alone, without https:// …" }
 */
export function selfManagedHost(typed: string): { host: string } | { problem: string } {
  const host = typed.trim().toLowerCase();
  const example = "such as gitlab.example.org";
  if (host === "") return { problem: `Enter the host your forge's repositories are named under, ${example}.` };
  const bare = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/\/.*$/, "");
  if (bare !== host && HOST.test(bare)) return { problem: `Enter the host alone, without a scheme or path: ${bare}.` };
  const port = HOST.exec(host)?.[1];
  if (host.length > 253 || !HOST.test(host) || (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)))
    return {
      problem: `"${typed.trim()}" is not a host name: letters, digits and hyphens in dot-separated parts, and an optional :port, ${example}.`,
    };
  if (Object.values(HOSTED_FORGES).includes(host)) return { problem: `${host} is the hosted forge: choose it above.` };
  return { host };
}

/**
 * The comment the forge account posts to link itself: one line, as the intake parses it.
 *
 * @example
 * linkComment("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x1234…") // "/ccn link 0x7099… 0x1234…"
 */
export function linkComment(account: Address, signature: Hex): string {
  return `/ccn link ${account} ${signature}`;
}

/** Why a link ended (`IForgeLinkRegistry.UnlinkCause`, as the indexer names it). */
export type UnlinkCause = "account" | "linker" | "replaced";

/** A forge link as the indexer serves it, decoded. */
export type ForgeLink = {
  id: string;
  statement: ForgeLinkStatement;
  forgeAccountId: bigint;
  signature: Hex;
  linker: Address;
  linkedAt: bigint;
  linkedTx: Hex;
  /** Undefined while the link is active. */
  ended: { cause: UnlinkCause; by: Address; at: bigint; tx: Hex } | undefined;
};

/** The row fields FORGE_LINKS_QUERY selects. */
export type ForgeLinkRow = Record<
  | "id"
  | "forge"
  | "forgeAccountId"
  | "login"
  | "account"
  | "nonce"
  | "signature"
  | "linker"
  | "active"
  | "linkedAt"
  | "linkedTx"
  | "unlinkCause"
  | "unlinkedBy"
  | "unlinkedAt"
  | "unlinkedTx",
  unknown
>;

/** A link row decoded: bigints from their decimal strings, the statement as the address signed it. */
export function parseForgeLink(row: ForgeLinkRow): ForgeLink {
  const endedAt = bigOrNull(row.unlinkedAt);
  return {
    id: String(row.id),
    statement: {
      forge: String(row.forge),
      login: String(row.login),
      account: row.account as Address,
      nonce: big(row.nonce),
    },
    forgeAccountId: big(row.forgeAccountId),
    signature: row.signature as Hex,
    linker: row.linker as Address,
    linkedAt: big(row.linkedAt),
    linkedTx: row.linkedTx as Hex,
    // An ended row has every unlink field; an active one none (indexer/src/ForgeLinkRegistry.ts sets them together).
    ended:
      row.active === true || endedAt === null
        ? undefined
        : {
            cause: row.unlinkCause as UnlinkCause,
            by: row.unlinkedBy as Address,
            at: endedAt,
            tx: row.unlinkedTx as Hex,
          },
  };
}

/** Why a link ended, in a sentence. */
export function endedWords(cause: UnlinkCause): string {
  switch (cause) {
    case "account":
      return "This address unlinked it.";
    case "linker":
      return "The forge account asked the intake to unlink it (/ccn unlink).";
    case "replaced":
      return "A newer link of this forge account or of this address on the forge replaced it.";
  }
}

/** The ForgeLinkRegistry whose domain a statement is signed in. */
export type LinkRegistry = { chainId: number; address: Address };

/**
 * Whether the link's signature is its address's over the statement it records, checked here rather than trusted
 * from the indexer. viem recovers the signer, so an ERC-1271 wallet's link (which the registry checked on-chain)
 * does not verify here.
 *
 * @example
 * await verifyForgeLink(registry, link) // true
 */
export async function verifyForgeLink(registry: LinkRegistry, link: Pick<ForgeLink, "statement" | "signature">) {
  try {
    return await verifyTypedData({
      ...forgeLinkTypedData(registry, link.statement),
      address: link.statement.account,
      signature: link.signature,
    });
  } catch {
    // A signature that is not one at all (wrong length, bad v) verifies nothing.
    return false;
  }
}
