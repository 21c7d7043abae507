import { type RefObject, useEffect, useRef } from "react";
import { useConnection } from "wagmi";

/**
 * When a wallet connects (not when it reconnects on load), the connect panel that had focus is gone: focus moves
 * to the page's h1 inside `main`, not to the body.
 */
export function useFocusAfterConnect(main: RefObject<HTMLElement | null>): void {
  const { status } = useConnection();
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (was !== "connecting" || status !== "connected") return;
    const frame = requestAnimationFrame(() => {
      const heading = main.current?.querySelector<HTMLElement>("h1");
      if (heading === null || heading === undefined) return;
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [status, main]);
}
