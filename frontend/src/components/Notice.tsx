import { type ReactNode, useEffect, useRef } from "react";

import { errorText } from "../lib/errorText.ts";
import { unreachablePart } from "../lib/unreachable.ts";

export type NoticeTone = "info" | "success" | "warning" | "error";

/**
 * A message box. Errors and warnings are alerts (announced at once); the rest are polite status messages.
 * `focus` moves focus to it when it appears: the outcome of an action whose button was disabled meanwhile, which
 * would otherwise leave focus on the body. `testId` names the state for the end-to-end tests.
 */
export function Notice({
  tone,
  title,
  children,
  testId,
  focus = false,
}: {
  tone: NoticeTone;
  title: string;
  children?: ReactNode;
  testId?: string;
  focus?: boolean;
}) {
  const role = tone === "error" || tone === "warning" ? "alert" : "status";
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) box.current?.focus();
  }, [focus]);
  return (
    <div
      ref={box}
      className={`notice notice-${tone}`}
      role={role}
      data-testid={testId}
      tabIndex={focus ? -1 : undefined}
    >
      <p className="notice-title">{title}</p>
      {children === undefined ? null : <div className="notice-body">{children}</div>}
    </div>
  );
}

const WAITING_FOR = { rpc: "the chain's RPC", indexer: "the indexer" } as const;

/**
 * A query's error with a retry button. When the network could not be reached, the page's banner says so once:
 * here only what waits for it, as a status rather than another alert.
 */
export function QueryError({ error, retry, what }: { error: unknown; retry: () => void; what: string }) {
  const part = unreachablePart(error);
  return (
    <Notice tone={part ? "info" : "error"} title={`Could not load ${what}`} testId="query-error">
      <p>
        {part ? `Waiting for ${WAITING_FOR[part]} to answer; this loads by itself once it does.` : errorText(error)}
      </p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </Notice>
  );
}
