/**
 * Layered layout of a lineage neighbourhood: ancestors above, the asset in the middle, descendants below; one
 * row per level, nodes of a row ordered to keep edges short (by the mean position of their already placed
 * neighbours, then by id).
 */
import type { LineageEdge, LineageNode } from "../hooks/useLineage.ts";

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 44;
const GAP_X = 24;
const GAP_Y = 56;
const MARGIN = 12;

export type PlacedNode = LineageNode & { x: number; y: number };
export type PlacedEdge = LineageEdge & { from: PlacedNode; to: PlacedNode };
export type LineageLayout = { nodes: PlacedNode[]; edges: PlacedEdge[]; width: number; height: number };

export function layoutLineage(nodes: readonly LineageNode[], edges: readonly LineageEdge[]): LineageLayout {
  const levels = [...new Set(nodes.map((n) => n.level))].sort((a, b) => a - b);
  const rows = levels.map((level) => nodes.filter((n) => n.level === level));
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = 2 * MARGIN + widest * NODE_WIDTH + (widest - 1) * GAP_X;
  const placed = new Map<bigint, PlacedNode>();
  const neighbours = (id: bigint) =>
    edges.filter((e) => e.parent === id || e.child === id).map((e) => (e.parent === id ? e.child : e.parent));

  // Place the middle row first, then outwards, so each row follows the one nearer the asset.
  const order = levels.map((_, i) => i).sort((a, b) => Math.abs(levels[a]!) - Math.abs(levels[b]!));
  for (const rowIndex of order) {
    const row = rows[rowIndex]!;
    const anchor = (n: LineageNode) => {
      const xs = neighbours(n.id).flatMap((id) => (placed.has(id) ? [placed.get(id)!.x] : []));
      return xs.length === 0 ? Number.POSITIVE_INFINITY : xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    const sorted = [...row].sort((a, b) => anchor(a) - anchor(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rowWidth = sorted.length * NODE_WIDTH + (sorted.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    sorted.forEach((n, i) => {
      placed.set(n.id, { ...n, x: left + i * (NODE_WIDTH + GAP_X), y: MARGIN + rowIndex * (NODE_HEIGHT + GAP_Y) });
    });
  }
  const placedEdges = edges.flatMap((e) => {
    const from = placed.get(e.parent);
    const to = placed.get(e.child);
    return from && to ? [{ ...e, from, to }] : [];
  });
  return {
    nodes: [...placed.values()],
    edges: placedEdges,
    width,
    height: 2 * MARGIN + rows.length * NODE_HEIGHT + (rows.length - 1) * GAP_Y,
  };
}
