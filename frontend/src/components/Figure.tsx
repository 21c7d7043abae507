import type { ReactNode } from "react";

/** One term and its value in a `<dl className="figures">` list; `testId` and `className` go on the value. */
export function Figure({
  term,
  children,
  testId,
  className,
}: {
  term: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
