/**
 * The indexer's HTTP API for the web app: the protocol's typed client on the configured indexer (the REST routes
 * decoded by their schemas), and GraphQL restricted to the app's own queries (./queries.ts), whose decimal strings
 * the callers' parsers turn into bigint.
 */
import { indexerClient } from "@coherence/protocol";

import { settings } from "../config/settings.ts";
import type { IndexerQuery } from "./queries.ts";

export { IndexerError } from "@coherence/protocol";

/** The configured indexer, through the protocol's typed client (integrators use the same one). */
export const indexer = indexerClient(settings.indexerUrl);

/**
 * Runs one of the web app's GraphQL queries (./queries.ts); throws {@link IndexerError} (code GRAPHQL) with the
 * first error message.
 *
 * @example
 * const data = await graphql<{ epochs: { items: EpochRow[] } }>(EPOCHS_QUERY);
 */
export function graphql<T>(
  query: IndexerQuery,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<T> {
  return indexer.graphql<T>(query, variables, signal);
}
