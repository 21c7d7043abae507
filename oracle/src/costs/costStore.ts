/**
 * The published cost documents (cost reports and rate cards), content-addressed: `<hash>.json` holds the document
 * whose canonical hash is `<hash>`, as canonical JSON. They are published beside the manifests
 * (`<manifests>/costs/`), so anyone who can fetch an epoch's manifest can fetch the reports it checked. A file
 * whose content does not hash to its name is not that document, whoever wrote it.
 *
 * Beside them, `bindings/<evidence hash>.txt` holds an attestation's bound evidence fragment,
 * `<work>;cost=<report hash>`, when its evidence URI names only `<work>`: the ledger's `evidenceHash` is the
 * keccak256 of the fragment, so the file proves itself against the chain, and the URI the relayer pays calldata
 * and log gas for is 71 bytes shorter.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalHash, canonicalJson, type JsonValue } from "@coherence/protocol";
import { InputFileError } from "@coherence/protocol/node";
import type { Hex } from "viem";

import { keccak256 } from "../merkle/keccak.ts";
import { evidenceHashOf } from "../operator/evidence.ts";
import type { LoadedDocument } from "./checkContributionCosts.ts";
import { readCostJson } from "./readCostFile.ts";

export class CostStore {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = path.resolve(directory);
  }

  /** The store published beside the manifests of `manifestsDir`. */
  static beside(manifestsDir: string): CostStore {
    return new CostStore(path.join(manifestsDir, "costs"));
  }

  /** Where the document of `hash` is published. */
  pathOf(hash: Hex): string {
    return path.join(this.directory, `${hash.toLowerCase()}.json`);
  }

  /**
   * Publishes a document (its JSON, as a schema's `encode` gives it) and returns its hash. Written to a temporary
   * file renamed into place, so a reader never sees half a document.
   */
  async put(json: JsonValue): Promise<Hex> {
    const hash = canonicalHash(json, keccak256);
    await publish(this.pathOf(hash), `${canonicalJson(json)}\n`);
    return hash;
  }

  /** Where the bound evidence fragment whose keccak256 is `evidenceHash` is published. */
  bindingPathOf(evidenceHash: Hex): string {
    return path.join(this.directory, "bindings", `${evidenceHash.toLowerCase()}.txt`);
  }

  /** Publishes a bound evidence fragment (`<work>;cost=<report hash>`) and returns its hash, the evidence hash. */
  async putBinding(fragment: string): Promise<Hex> {
    const evidenceHash = evidenceHashOf(fragment);
    await publish(this.bindingPathOf(evidenceHash), fragment);
    return evidenceHash;
  }

  /** The bound evidence fragment whose keccak256 is `evidenceHash`, unless none is published that hashes to it. */
  async getBinding(evidenceHash: Hex): Promise<string | undefined> {
    let fragment: string;
    try {
      fragment = await readFile(this.bindingPathOf(evidenceHash), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    return evidenceHashOf(fragment) === evidenceHash.toLowerCase() ? fragment : undefined;
  }

  /** The document of `hash`, or why there is none: not published, unreadable, oversized, or not that document. */
  async get(hash: Hex): Promise<LoadedDocument> {
    const file = this.pathOf(hash);
    let json: unknown;
    try {
      json = await readCostJson(file);
    } catch (error) {
      // Reasons go into the manifest, so they name the document's fault in words every machine gives alike;
      // a fault of this machine (a permission, a disk) is not the document's and stops the epoch instead.
      if (!(error instanceof InputFileError)) throw error;
      const cause = error.cause as NodeJS.ErrnoException | undefined;
      if (cause?.code === "ENOENT") return { problem: "is not published" };
      if (cause instanceof SyntaxError) return { problem: "is not JSON" };
      if (cause === undefined) return { problem: error.message.slice(file.length + 2) };
      throw error;
    }
    let actual: Hex;
    try {
      actual = canonicalHash(json as JsonValue, keccak256);
    } catch (error) {
      return { problem: `is not canonical JSON (${(error as Error).message})` };
    }
    if (actual !== hash.toLowerCase()) return { problem: `the published file hashes to ${actual}, not to its name` };
    return { json };
  }
}

async function publish(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
