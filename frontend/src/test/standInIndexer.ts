/** For unit tests: an indexer that answers from a list, in order, and records what it was asked. */
import type { SendQuery } from "../hooks/useAssetList.ts";
import type { IndexerQuery } from "../lib/queries.ts";

/** A stand-in indexer answering from `answers` in order, recording what was asked. */
export function standInIndexer(answers: unknown[]) {
  const asked: { query: IndexerQuery; variables: Record<string, unknown> }[] = [];
  const send = (async (query: IndexerQuery, variables: Record<string, unknown>) => {
    asked.push({ query, variables });
    if (answers.length === 0) throw new Error("unexpected request");
    return answers.shift();
  }) as SendQuery;
  return { asked, send };
}
