import { useSyncExternalStore } from "react";

import { parseRoute, type Route, routeHref } from "../lib/route.ts";

/** Subscribers told of the changes `replaceRoute` makes, which fire no `hashchange`. */
const replaced = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  replaced.add(onChange);
  return () => {
    window.removeEventListener("hashchange", onChange);
    replaced.delete(onChange);
  };
}

const getHash = (): string => window.location.hash;

/** The current hash route; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, () => "");
  return parseRoute(hash);
}

/**
 * Puts `route` in the address bar without a history entry (a search as it is typed) and re-renders with it, so the
 * route the pages get is always the URL's: a later link back to the old URL is then a change they see.
 */
export function replaceRoute(route: Route): void {
  window.history.replaceState(null, "", routeHref(route));
  for (const onChange of replaced) onChange();
}
