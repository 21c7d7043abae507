import type { ReactNode } from "react";

import { errorText } from "../lib/errorText.ts";

export type NoticeTone = "info" | "success" | "warning" | "error";

/**
 * A message box. Errors and warnings are alerts (announced at once); the rest are polite status messages.
 * `testId` names the state for the end-to-end tests.
 */
export function Notice({
  tone,
  title,
  children,
  testId,
}: {
  tone: NoticeTone;
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  const role = tone === "error" || tone === "warning" ? "alert" : "status";
  return (
    <div className={`notice notice-${tone}`} role={role} data-testid={testId}>
      <p className="notice-title">{title}</p>
      {children === undefined ? null : <div className="notice-body">{children}</div>}
    </div>
  );
}

/** A query's error with a retry button. */
export function QueryError({ error, retry, what }: { error: unknown; retry: () => void; what: string }) {
  return (
    <Notice tone="error" title={`Could not load ${what}`} testId="query-error">
      <p>{errorText(error)}</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </Notice>
  );
}
