import type { ReactNode } from "react";

/**
 * A table inside a region that scrolls sideways on narrow screens and can be focused to scroll by keyboard:
 * `label` names it, `columns` are the header cells, `children` the body rows. A named group, not a landmark: a page
 * holds many tables of the same kind (one per token, per contribution), and landmarks must be few and distinct.
 */
export function ScrollTable({
  label,
  columns,
  caption,
  testId,
  children,
}: {
  label: string;
  columns: readonly string[];
  caption?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be focusable for keyboard users to scroll it (WCAG 2.1.1)
    // biome-ignore lint/a11y/useSemanticElements: a <fieldset> groups form controls; this groups a table
    <div className="table-scroll" role="group" tabIndex={0} aria-label={label}>
      <table data-testid={testId}>
        {caption === undefined ? null : <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
