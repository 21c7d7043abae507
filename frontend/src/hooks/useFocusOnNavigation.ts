import { type RefObject, useEffect, useRef } from "react";

/**
 * On every change of page (not on the first load, where the browser starts at the top anyway): scrolls to the top
 * and moves focus to the page's h1 inside `main`, so keyboard and screen-reader users start on the new page rather
 * than on the link they left or the body.
 *
 * A page loaded on demand renders its h1 later, and a page may swap its loading h1 for the loaded one: until the
 * person moves focus or clicks, focus follows the page's current h1.
 */
export function useFocusOnNavigation(page: string, main: RefObject<HTMLElement | null>): void {
  const shown = useRef(page);
  const stopFollowing = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    if (shown.current === page) return;
    shown.current = page;
    stopFollowing.current?.();
    window.scrollTo(0, 0);
    const container = main.current;
    if (container === null) return;
    let heading: HTMLElement | null = null;
    const follow = () => {
      const active = document.activeElement;
      // Once a heading had focus, focus elsewhere than the body is the person's: leave it there. Before, it is
      // what the page left behind (the link followed, hidden but not yet blurred).
      if (heading !== null && active !== null && active !== document.body && active !== heading) return stop();
      const current = container.querySelector("h1");
      if (current === null || (current === heading && active === heading)) return;
      current.tabIndex = -1;
      current.focus({ preventScroll: true });
      // The page left can still be in the DOM, hidden while the next one loads: its h1 takes no focus.
      if (document.activeElement === current) heading = current;
    };
    const observer = new MutationObserver(follow);
    const clicks = new AbortController();
    const stop = () => {
      observer.disconnect();
      clicks.abort();
    };
    observer.observe(container, { childList: true, subtree: true });
    // A click, even on nothing focusable, is the person taking over too.
    window.addEventListener("pointerdown", stop, { once: true, signal: clicks.signal });
    stopFollowing.current = stop;
    follow();
  }, [page, main]);
  useEffect(() => () => stopFollowing.current?.(), []);
}
