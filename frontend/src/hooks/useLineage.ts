import type { AssetKind } from "@coherence/protocol";
import { useQuery } from "@tanstack/react-query";

import { graphql } from "../lib/indexer.ts";
import { ASSET_NODES_QUERY, LINEAGE_EDGES_QUERY } from "../lib/queries.ts";

/** An asset of the neighbourhood; without kind (and with an empty URI) when the indexer did not return it. */
export type LineageNode = { id: bigint; kind: AssetKind | undefined; uri: string; level: number };
export type LineageEdge = { parent: bigint; child: bigint; weightBps: number };
export type Lineage = { nodes: LineageNode[]; edges: LineageEdge[]; truncatedUp: boolean; truncatedDown: boolean };

type EdgeRow = { childId: string; parentId: string; weightBps: number };

/**
 * An asset's lineage neighbourhood: ancestors up to `depth` levels (negative levels) and descendants down to
 * `depth` levels (positive), one GraphQL round trip per level in both directions at once.
 */
export function useLineage(id: bigint, depth = 3) {
  return useQuery({
    queryKey: ["lineage", id.toString(), depth],
    staleTime: 30_000,
    queryFn: async ({ signal }): Promise<Lineage> => {
      const level = new Map<bigint, number>([[id, 0]]);
      const edges = new Map<string, LineageEdge>();
      let up = [id];
      let down = [id];
      let truncatedUp = false;
      let truncatedDown = false;
      for (let step = 1; step <= depth + 1 && (up.length > 0 || down.length > 0); step++) {
        const data = await graphql<{ up?: { items: EdgeRow[] }; down?: { items: EdgeRow[] } }>(
          LINEAGE_EDGES_QUERY,
          { up: up.map(String), down: down.map(String), withUp: up.length > 0, withDown: down.length > 0 },
          signal,
        );
        const nextUp: bigint[] = [];
        const nextDown: bigint[] = [];
        const add = (rows: EdgeRow[] | undefined, direction: -1 | 1) => {
          for (const row of rows ?? []) {
            const edge = { parent: BigInt(row.parentId), child: BigInt(row.childId), weightBps: row.weightBps };
            const far = direction < 0 ? edge.parent : edge.child;
            if (step > depth) {
              if (!level.has(far)) {
                if (direction < 0) truncatedUp = true;
                else truncatedDown = true;
              }
              continue;
            }
            edges.set(`${edge.child}-${edge.parent}`, edge);
            if (!level.has(far)) {
              level.set(far, direction * step);
              (direction < 0 ? nextUp : nextDown).push(far);
            }
          }
        };
        add(data.up?.items, -1);
        add(data.down?.items, 1);
        up = nextUp;
        down = nextDown;
      }
      const ids = [...level.keys()];
      const { assets } = await graphql<{ assets: { items: { id: string; kind: AssetKind; uri: string }[] } }>(
        ASSET_NODES_QUERY,
        { ids: ids.map(String) },
        signal,
      );
      const info = new Map(assets.items.map((a) => [BigInt(a.id), a]));
      return {
        nodes: ids.map((nodeId) => ({
          id: nodeId,
          kind: info.get(nodeId)?.kind,
          uri: info.get(nodeId)?.uri ?? "",
          level: level.get(nodeId)!,
        })),
        edges: [...edges.values()],
        truncatedUp,
        truncatedDown,
      };
    },
  });
}
