import type { ReactNode } from "react";

/**
 * A table inside a region that scrolls sideways on narrow screens and can be focused to scroll by keyboard:
 * `label` names the region, `columns` are the header cells, `children` the body rows.
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
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
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
