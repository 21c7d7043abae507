/**
 * Where scores are kept once computed: one canonical-JSON file per contribution
 * (`<contributionId>.json`) in a directory, holding the score record and the
 * contribution's code fingerprints (for the novelty of later contributions).
 * A score never changes: writing a different record for a stored id fails.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, readdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  canonicalJson,
  type JsonValue,
  MalformedFieldError,
  UnsupportedFormatError,
  validateArgument,
} from "@coherence/protocol";
import { ScoreConflictError } from "./errors.ts";
import type { FingerprintIndex } from "./noveltyMetric.ts";
import { SCORE_RECORD_FORMAT, type ScoreRecord, scoreRecordJson } from "./scoreRecord.ts";

/** Format of a store file. */
export const SCORE_STORE_FORMAT = "coherence-score-store-v1";

const ID = /^0x[0-9a-f]{64}$/;

type StoredEntry = { format: typeof SCORE_STORE_FORMAT; record: ScoreRecord; fingerprints: readonly number[] };

/** What {@link ScoreStore.put} did. */
export type PutResult = "stored" | "unchanged";

/** A directory of score records keyed by contribution id. */
export class ScoreStore {
  /** The directory holding the files. */
  readonly directory: string;
  /** Fingerprints of entries already read, by id (entries never change, so this never goes stale). */
  #loaded = new Set<string>();
  #owners = new Map<number, string[]>();
  #repositories = new Map<string, string>();
  /** Per repository URL, the stored contribution that claims each commit (the least id, if several claim it). */
  #claims = new Map<string, Map<string, string>>();
  /** The stored contribution that claims each change by its patch-id (scoring v2 records them), in any repository. */
  #patches = new Map<string, string>();

  private constructor(directory: string) {
    this.directory = directory;
  }

  /**
   * Opens (creating if needed) a store directory.
   *
   * @example
   * const store = await ScoreStore.open("./scores");
   */
  static async open(directory: string): Promise<ScoreStore> {
    await mkdir(directory, { recursive: true });
    return new ScoreStore(directory);
  }

  #file(contributionId: string): string {
    validateArgument(
      ID.test(contributionId),
      `Invalid contribution id ${JSON.stringify(contributionId)}: expected lower-case 0x hex of 32 bytes.`,
    );
    return join(this.directory, `${contributionId}.json`);
  }

  async #read(contributionId: string): Promise<StoredEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.#file(contributionId), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let entry: StoredEntry;
    try {
      entry = JSON.parse(text) as StoredEntry;
    } catch (cause) {
      throw new MalformedFieldError(`${contributionId}.json`, "not valid JSON", { cause });
    }
    if (entry.format !== SCORE_STORE_FORMAT)
      throw new UnsupportedFormatError("score store file", entry.format, SCORE_STORE_FORMAT);
    if (entry.record?.format !== SCORE_RECORD_FORMAT)
      throw new UnsupportedFormatError("score record", entry.record?.format, SCORE_RECORD_FORMAT);
    if (entry.record.contributionId !== contributionId) {
      throw new MalformedFieldError(
        `${contributionId}.json: record.contributionId`,
        `holds ${entry.record.contributionId}, not the id it is stored under`,
      );
    }
    return entry;
  }

  /** The stored score of a contribution, or `undefined`. */
  async get(contributionId: string): Promise<ScoreRecord | undefined> {
    return (await this.#read(contributionId))?.record;
  }

  /**
   * Stores a score. Returns `"unchanged"` if the identical record is already
   * stored; throws {@link ScoreConflictError} if a different one is. Safe
   * against concurrent writers: the file appears atomically, and never replaces another.
   */
  async put(record: ScoreRecord, fingerprints: readonly number[] = []): Promise<PutResult> {
    const file = this.#file(record.contributionId);
    const entry: StoredEntry = {
      format: SCORE_STORE_FORMAT,
      record,
      fingerprints: [...new Set(fingerprints)].sort((a, b) => a - b),
    };
    const text = `${canonicalJson(entry as unknown as JsonValue)}\n`;
    const temporary = join(
      this.directory,
      `.${record.contributionId}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
    );
    await writeFile(temporary, text, { flag: "wx" });
    try {
      await link(temporary, file);
      return "stored";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const existing = await this.#read(record.contributionId);
      const before = existing === undefined ? "" : scoreRecordJson(existing.record);
      const after = scoreRecordJson(record);
      if (before === after) return "unchanged";
      throw new ScoreConflictError(record.contributionId, `stored: ${before}\nnew:    ${after}`);
    } finally {
      await unlink(temporary);
    }
  }

  /** Ids of every stored score, ascending. */
  async list(): Promise<string[]> {
    const names = await readdir(this.directory);
    return names
      .filter((name) => name.endsWith(".json") && ID.test(name.slice(0, -5)))
      .map((name) => name.slice(0, -5))
      .sort();
  }

  /** Fingerprints of every stored contribution, indexed for the novelty metric. */
  async fingerprintIndex(): Promise<FingerprintIndex> {
    for (const id of await this.list()) {
      if (this.#loaded.has(id)) continue;
      const entry = await this.#read(id);
      if (entry === undefined) continue;
      for (const fp of entry.fingerprints) {
        const owners = this.#owners.get(fp);
        if (owners === undefined) this.#owners.set(fp, [id]);
        else owners.push(id);
      }
      if (entry.record.method === "measured") {
        const { repository, commits } = entry.record.evidence;
        this.#repositories.set(id, repository);
        const claims = this.#claims.get(repository) ?? new Map<string, string>();
        this.#claims.set(repository, claims);
        // The least id claims a commit, whatever order entries were read in.
        for (const commit of commits) if ((claims.get(commit) ?? id) >= id) claims.set(commit, id);
        for (const patchId of entry.record.evidence.patchIds ?? [])
          if ((this.#patches.get(patchId) ?? id) >= id) this.#patches.set(patchId, id);
      }
      this.#loaded.add(id);
    }
    return { contributions: this.#loaded.size, owners: this.#owners, repositoryOf: this.#repositories };
  }

  /**
   * The stored contribution that already claims one of `commits` of the repository published as `repository`, or
   * one of the changes `patchIds` names (a cherry-pick of a claimed commit, in any repository), and what it claims;
   * `undefined` if none: the same work scores once.
   */
  async claimOf(
    repository: string,
    commits: readonly string[],
    patchIds: readonly string[] = [],
  ): Promise<{ what: string; contributionId: string } | undefined> {
    await this.fingerprintIndex();
    const claims = this.#claims.get(repository);
    for (const commit of commits) {
      const contributionId = claims?.get(commit);
      if (contributionId !== undefined) return { what: `Commit ${commit}`, contributionId };
    }
    for (const patchId of patchIds) {
      const contributionId = this.#patches.get(patchId);
      if (contributionId !== undefined) return { what: `A change with patch-id ${patchId}`, contributionId };
    }
    return undefined;
  }
}
