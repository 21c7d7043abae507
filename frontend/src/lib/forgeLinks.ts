/**
 * Forge links as the Forge accounts page handles them: the logins a forge accepts, the `/ccn link` comment a forge
 * account posts (the format the intake reads, intake/src/links/ccnCommand.ts), the indexer's link rows decoded, and
 * each link's signature verified in the browser against the statement it carries.
 */
import {
  type ForgeKind,
  type ForgeLinkStatement,
  forgeLinkTypedData,
  HOSTED_FORGES,
  selfManagedHost,
} from "@coherence/protocol";
import { type Address, type Hex, verifyTypedData } from "viem";

import { big, bigOrNull } from "./indexerValues.ts";

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

/**
 * The host a statement names for the forge chosen: a hosted one's own, or the typed host of a self-managed one,
 * checked by the protocol's rule (the intake's `link --host` checks it the same way), or what is wrong with it.
 *
 * @example
 * chosenForgeHost({ kind: "gitlab", hosted: false }, "GitLab.Example.org") // { host: "gitlab.example.org" }
 */
export function chosenForgeHost(
  forge: { kind: ForgeKind; hosted: boolean },
  typedHost: string,
): { host: string } | { problem: string } {
  return forge.hosted ? { host: HOSTED_FORGES[forge.kind] } : selfManagedHost(typedHost);
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
