/**
 * The commands a forge account gives the intake in a comment, one per comment, on a line of its own:
 * `/ccn link <address> <signature>` links the account to the address that signed the statement,
 * `/ccn unlink` revokes the account's link, `/ccn approve` releases what a gate held back on that pull request
 * (from a maintainer with write access), `/ccn preview` scores the change request's head again and updates its
 * preview (`preview/`).
 */
import type { Address, Hex } from "viem";

export type CcnCommand =
  | { kind: "link"; address: Address; signature: Hex }
  | { kind: "unlink" }
  | { kind: "approve" }
  | { kind: "preview" }
  | { kind: "malformed"; reason: string };

const LINE = /^\/ccn(?:\s+(.*))?$/m;

/**
 * The comment's command, `undefined` when it has none.
 *
 * @example
 * ccnCommand("/ccn link 0xAbc… 0x1234…") // { kind: "link", address: "0xAbc…", signature: "0x1234…" }
 */
export function ccnCommand(body: string): CcnCommand | undefined {
  const match = LINE.exec(body.replace(/\r\n/g, "\n"));
  if (match === null) return undefined;
  const [verb, ...rest] = (match[1] ?? "").trim().split(/\s+/);
  if (verb === "link") {
    const [address, signature] = rest;
    if (rest.length !== 2 || !/^0x[0-9a-fA-F]{40}$/.test(address!) || !/^0x[0-9a-fA-F]+$/.test(signature!))
      return { kind: "malformed", reason: "expected /ccn link <0x address> <0x signature>" };
    return { kind: "link", address: address as Address, signature: signature as Hex };
  }
  if (verb === "unlink" && rest.length === 0) return { kind: "unlink" };
  if (verb === "approve" && rest.length === 0) return { kind: "approve" };
  if (verb === "preview" && rest.length === 0) return { kind: "preview" };
  return {
    kind: "malformed",
    reason: `unknown command "/ccn ${(match[1] ?? "").trim()}" (link, unlink, approve, preview)`,
  };
}
