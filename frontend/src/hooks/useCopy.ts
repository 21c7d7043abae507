import { useCallback, useEffect, useRef, useState } from "react";

/** Copies text to the clipboard; `copied` is true for two seconds after a copy succeeded. */
export function useCopy(): { copy: (text: string) => void; copied: boolean; failed: boolean } {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const copy = useCallback((text: string) => {
    const done = (next: "copied" | "failed") => {
      setState(next);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setState("idle"), 2_000);
    };
    if (navigator.clipboard === undefined) return done("failed");
    navigator.clipboard.writeText(text).then(
      () => done("copied"),
      () => done("failed"),
    );
  }, []);
  return { copy, copied: state === "copied", failed: state === "failed" };
}
