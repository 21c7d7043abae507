/**
 * The published cost documents (cost reports and rate cards), content-addressed: `<hash>.json` holds the document
 * whose canonical hash is `<hash>`, as canonical JSON. They are published beside the manifests
 * (`<manifests>/costs/`), so anyone who can fetch an epoch's manifest can fetch the reports it checked. A file
 * whose content does not hash to its name is not that document, whoever wrote it.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalHash, canonicalJson, type JsonValue } from "@coherence/protocol";
import { InputFileError } from "@coherence/protocol/node";
import type { Hex } from "viem";

import { keccak256 } from "../merkle/keccak.ts";
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
    await mkdir(this.directory, { recursive: true });
    const file = this.pathOf(hash);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, `${canonicalJson(json)}\n`);
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return hash;
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
