import { forgeLinkTypedData, selfManagedHost } from "@coherence/protocol";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, test } from "vitest";

import { fetchForgeLinks } from "../hooks/useForgeLinks.ts";
import { standInIndexer } from "../test/standInIndexer.ts";
import {
  chosenForgeHost,
  type ForgeLinkRow,
  linkComment,
  loginProblem,
  parseForgeLink,
  verifyForgeLink,
} from "./forgeLinks.ts";
import { FORGE_LINKS_QUERY } from "./queries.ts";

// Hardhat's account 1: a known key, so the signature below is a real one.
const signer = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const registry = { chainId: 31337, address: "0x5fbdb2315678afecb367f032d93f642f64180aa3" as const };
const GITHUB = { kind: "github", host: "github.com" } as const;
const GITLAB = { kind: "gitlab", host: "gitlab.com" } as const;
const HASH = `0x${"ab".repeat(32)}` as Hex;

/** A row as the indexer answers FORGE_LINKS_QUERY: `ada` on GitHub, nonce 3, active, with `extra` over it. */
async function row(extra: Partial<ForgeLinkRow> = {}): Promise<ForgeLinkRow> {
  const statement = { forge: "github.com", login: "ada", account: signer.address, nonce: 3n };
  return {
    id: `${signer.address.toLowerCase()}-3`,
    forge: "github.com",
    forgeAccountId: "583231",
    login: "ada",
    account: signer.address.toLowerCase(),
    nonce: "3",
    signature: await signer.signTypedData(forgeLinkTypedData(registry, statement)),
    linker: "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
    active: true,
    linkedAt: "1700000000",
    linkedTx: HASH,
    unlinkCause: null,
    unlinkedBy: null,
    unlinkedAt: null,
    unlinkedTx: null,
    ...extra,
  };
}

describe("loginProblem", () => {
  test("an empty login is asked for, naming the forge", () => {
    expect(loginProblem(GITHUB, "")).toBe("Enter your github.com login.");
  });

  test("GitHub logins: letters, digits and single inner hyphens, at most 39", () => {
    for (const ok of ["ada", "Ada-Lovelace", "a1-b2-c3", "x".repeat(39)])
      expect(loginProblem(GITHUB, ok)).toBe(undefined);
    for (const bad of ["-ada", "ada-", "ad--a", "ada lovelace", "ada@github.com", "ada_l", "ada.l"])
      expect(loginProblem(GITHUB, bad)).toContain(`"${bad}" is not one`);
    expect(loginProblem(GITHUB, "x".repeat(40))).toBe("A github.com login is at most 39 characters; this one is 40.");
  });

  test("GitLab usernames also take _ and ., but do not end with . or -", () => {
    for (const ok of ["ada_l", "ada.lovelace", "_ada", "a"]) expect(loginProblem(GITLAB, ok)).toBe(undefined);
    for (const bad of ["ada.", "ada-", ".ada", "-ada", "ada l", "ada/x"])
      expect(loginProblem(GITLAB, bad)).toContain(`"${bad}" is not one`);
  });
});

describe("a self-managed forge's host", () => {
  test("takes the login rule of its kind, and names its host", () => {
    const own = { kind: "gitlab", host: "gitlab.example.org" } as const;
    expect(loginProblem(own, "ada_l")).toBe(undefined);
    expect(loginProblem(own, "")).toBe("Enter your gitlab.example.org login.");
    expect(loginProblem({ kind: "github", host: "ghe.example.com" }, "ada_l")).toContain(
      'A ghe.example.com login is letters, digits and single hyphens, not at either end: "ada_l" is not one.',
    );
  });

  test("is the hosted forge's own, or the typed self-managed host as the protocol's rule checks it", () => {
    expect(chosenForgeHost({ kind: "github", hosted: true }, "ignored")).toEqual({ host: "github.com" });
    expect(chosenForgeHost({ kind: "gitlab", hosted: true }, "")).toEqual({ host: "gitlab.com" });
    expect(chosenForgeHost({ kind: "gitlab", hosted: false }, "  GitLab.Example.ORG ")).toEqual({
      host: "gitlab.example.org",
    });
    expect(chosenForgeHost({ kind: "gitlab", hosted: false }, "https://gitlab.example.org/")).toEqual({
      problem: "Enter the host alone, without a scheme or path: gitlab.example.org.",
    });
    expect(chosenForgeHost({ kind: "github", hosted: false }, "GitHub.com")).toEqual(selfManagedHost("github.com"));
    expect(chosenForgeHost({ kind: "github", hosted: false }, "")).toHaveProperty("problem");
  });
});

describe("linkComment", () => {
  test("is the one line the intake parses: /ccn link, the checksummed address, the signature", () => {
    const signature = `0x${"12".repeat(65)}` as Hex;
    const comment = linkComment(signer.address, signature);
    expect(comment).toBe(`/ccn link ${signer.address} ${signature}`);
    // intake/src/links/ccnCommand.ts's shape: the command alone on its line, its two arguments 0x-hex.
    expect(comment).toMatch(/^\/ccn link 0x[0-9a-fA-F]{40} 0x[0-9a-fA-F]+$/);
  });
});

describe("parseForgeLink", () => {
  test("an active row: the statement as signed (bigint nonce), no end", async () => {
    const link = parseForgeLink(await row());
    expect(link.statement).toEqual({
      forge: "github.com",
      login: "ada",
      account: signer.address.toLowerCase(),
      nonce: 3n,
    });
    expect(link.forgeAccountId).toBe(583231n);
    expect(link.linkedAt).toBe(1_700_000_000n);
    expect(link.ended).toBe(undefined);
  });

  test("an ended row carries why, by whom, when and in which transaction", async () => {
    const link = parseForgeLink(
      await row({
        active: false,
        unlinkCause: "account",
        unlinkedBy: signer.address.toLowerCase(),
        unlinkedAt: "1700000100",
        unlinkedTx: HASH,
      }),
    );
    expect(link.ended).toEqual({ cause: "account", by: signer.address.toLowerCase(), at: 1_700_000_100n, tx: HASH });
  });
});

describe("verifyForgeLink", () => {
  test("the address's signature over the statement verifies, with the indexer's lower-case address", async () => {
    expect(await verifyForgeLink(registry, parseForgeLink(await row()))).toBe(true);
  });

  test("a changed login, nonce, registry or chain does not: the signature binds each", async () => {
    const link = parseForgeLink(await row());
    expect(await verifyForgeLink(registry, { ...link, statement: { ...link.statement, login: "grace" } })).toBe(false);
    expect(await verifyForgeLink(registry, { ...link, statement: { ...link.statement, nonce: 4n } })).toBe(false);
    expect(await verifyForgeLink({ ...registry, chainId: 42161 }, link)).toBe(false);
    expect(await verifyForgeLink({ ...registry, address: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955" }, link)).toBe(
      false,
    );
  });

  test("a signature that is not one verifies nothing rather than throwing", async () => {
    const link = parseForgeLink(await row({ signature: "0x1234" }));
    expect(await verifyForgeLink(registry, link)).toBe(false);
  });
});

describe("fetchForgeLinks", () => {
  test("asks for the address's links, lower-case, and marks each verified or not", async () => {
    const forged = await row({ id: "forged", login: "grace" });
    const { asked, send } = standInIndexer([{ forgeLinks: { items: [await row(), forged] } }]);
    const links = await fetchForgeLinks(registry, signer.address, send);
    expect(asked).toEqual([{ query: FORGE_LINKS_QUERY, variables: { account: signer.address.toLowerCase() } }]);
    expect(links.map((l) => [l.id, l.verified])).toEqual([
      [`${signer.address.toLowerCase()}-3`, true],
      // The indexer's row names another login than the one signed: shown, but not as verified.
      ["forged", false],
    ]);
  });
});
