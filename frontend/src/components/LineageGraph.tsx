import { type RefObject, useEffect, useMemo, useRef, useState } from "react";

import type { Lineage } from "../hooks/useLineage.ts";
import { assetName } from "../lib/assetLabel.ts";
import { formatBps } from "../lib/format.ts";
import { layoutLineage, NODE_HEIGHT, NODE_WIDTH } from "../lib/lineageLayout.ts";
import { routeHref } from "../lib/route.ts";

/**
 * The lineage around an asset as a graph: what it was built from above (edge labels are the share of revenue
 * that flows up each edge), what was built on it below. Every other asset is a link; a text list of the same
 * relations follows for screen readers.
 */
export function LineageGraph({ lineage, current }: { lineage: Lineage; current: bigint }) {
  const layout = useMemo(() => layoutLineage(lineage.nodes, lineage.edges), [lineage]);
  const scroller = useRef<HTMLDivElement>(null);
  const overflowing = useOverflowsSideways(scroller);
  return (
    <figure className="lineage" data-testid="lineage-graph">
      {overflowing ? (
        <p className="muted graph-hint" data-testid="graph-scroll-hint">
          The graph is wider than the screen: scroll it sideways to see all of it.
        </p>
      ) : null}
      <div className="graph-scroll" ref={scroller}>
        {/* biome-ignore lint/a11y/useSemanticElements: an <svg> cannot be a <fieldset>; the group role keeps the asset links inside it exposed, where Chrome's default role for an <svg>, img, would hide them */}
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          role="group"
          aria-label={`Lineage of asset ${current}: ancestors above, descendants below`}
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className="edge-arrow" />
            </marker>
          </defs>
          {layout.edges.map((e) => {
            const x1 = e.from.x + NODE_WIDTH / 2;
            const y1 = e.from.y + NODE_HEIGHT;
            const x2 = e.to.x + NODE_WIDTH / 2;
            const y2 = e.to.y;
            return (
              // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG <g> without tabindex is not focusable; Biome takes SVG elements it does not know for custom components
              <g key={`${e.child}-${e.parent}`} className="edge" aria-hidden="true">
                <path
                  d={`M${x2},${y2} C${x2},${(y1 + y2) / 2} ${x1},${(y1 + y2) / 2} ${x1},${y1 + 2}`}
                  markerEnd="url(#arrow)"
                />
                <text x={(x1 + x2) / 2} y={(y1 + y2) / 2} textAnchor="middle" className="edge-label">
                  {formatBps(e.weightBps)}
                </text>
              </g>
            );
          })}
          {layout.nodes.map((n) => {
            const label = `#${n.id} ${assetName(n.uri)}`.trim();
            const box = (
              <>
                <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} />
                <text x={NODE_WIDTH / 2} y={18} textAnchor="middle" className="node-title">
                  {label.length > 20 ? `${label.slice(0, 19)}…` : label}
                </text>
                <text x={NODE_WIDTH / 2} y={34} textAnchor="middle" className="node-kind">
                  {n.kind}
                </text>
              </>
            );
            return n.id === current ? (
              <g
                key={n.id.toString()}
                transform={`translate(${n.x},${n.y})`}
                className="node node-current"
                aria-label={`${label} (this asset)`}
              >
                {box}
              </g>
            ) : (
              // Named by the text it shows (WCAG 2.5.3: speech users say what they see); which side of the asset it
              // is on is its place in the graph, and the lists below say it in words.
              <a key={n.id.toString()} href={routeHref({ name: "asset", id: n.id })} className="node">
                <g transform={`translate(${n.x},${n.y})`}>{box}</g>
              </a>
            );
          })}
        </svg>
      </div>
      <figcaption className="muted">
        Arrows point from an asset to the asset it was built from; the label is the share of the child's contributor
        revenue that flows up the edge.
        {lineage.truncatedUp || lineage.truncatedDown
          ? " The graph shows three levels each way; there is more beyond."
          : ""}
      </figcaption>
    </figure>
  );
}

/** Whether the element's content is wider than the element, kept up to date as either is resized. */
function useOverflowsSideways(element: RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = element.current;
    if (box === null) return;
    const measure = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild !== null) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, [element]);
  return overflows;
}
