import type { ReactNode } from "react";

/** A link that opens another site in a new tab without giving it this page (`noreferrer noopener`). */
export function ExternalLink({ href, children, testId }: { href: string; children: ReactNode; testId?: string }) {
  return (
    <a href={href} rel="noreferrer noopener" target="_blank" data-testid={testId}>
      {children}
    </a>
  );
}
