import type { CSSProperties } from "react";

/** A placeholder of fixed size while data loads, so nothing moves when it arrives. */
export function Skeleton({
  width = "100%",
  height = "1em",
  style,
}: {
  width?: string;
  height?: string;
  style?: CSSProperties;
}) {
  return <span className="skeleton" aria-hidden="true" style={{ width, height, ...style }} />;
}

/** Rows of skeleton lines inside a region announced as loading. */
export function SkeletonBlock({
  lines = 3,
  lineHeight = "1.25rem",
  label = "Loading",
}: {
  lines?: number;
  lineHeight?: string;
  label?: string;
}) {
  return (
    <div className="skeleton-block" role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder lines have no identity but their place, and the list never reorders
        <Skeleton key={i} height={lineHeight} width={i === lines - 1 ? "60%" : "100%"} />
      ))}
    </div>
  );
}
