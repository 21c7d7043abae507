import { routeHref } from "../lib/route.ts";

/** What an unknown hash shows: its own heading, so it reads as a page, and a way back. */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <>
      <h1>Page not found</h1>
      <p data-testid="not-found">
        There is no page at “{path}”. <a href={routeHref({ name: "claim" })}>Go to Claim</a>.
      </p>
    </>
  );
}
