/**
 * The GraphQL schema Ponder serves for ponder.schema.ts, built by the function its `graphql()` middleware builds
 * it with. Ponder does not export that function, so it is loaded from the pinned package's own files
 * (`ponder/dist/esm/graphql/index.js`, next to the entry point): generated/schema.graphql exists only once
 * Ponder has run.
 */
import type { GraphQLSchema } from "graphql";

import * as ponderSchema from "../../ponder.schema.ts";

const builder = new URL("./graphql/index.js", import.meta.resolve("ponder"));
const { buildGraphQLSchema } = (await import(builder.href)) as {
  buildGraphQLSchema: (options: { schema: Record<string, unknown> }) => GraphQLSchema;
};

/** The schema of the indexer's `/graphql`. */
export const graphqlSchema: GraphQLSchema = buildGraphQLSchema({ schema: ponderSchema });
