import { IntakeError } from "../lib/intake.ts";
import { Notice, QueryError } from "./Notice.tsx";

/** The app was built without `VITE_INTAKE_URL`: nothing of the intake can be shown, and that is all it says. */
export function IntakeNotConfigured() {
  return (
    <Notice tone="warning" title="The forge intake is not configured" testId="intake-not-configured">
      <p>
        This app was built without an intake URL (VITE_INTAKE_URL), so it cannot show what the intake took from the
        forges. Links and attested contributions are still on-chain and on the other pages.
      </p>
    </Notice>
  );
}

/** An intake query's error: unreachable (it says so, and retries by itself) or the intake's own named error. */
export function IntakeQueryError({ error, retry, what }: { error: unknown; retry: () => void; what: string }) {
  if (error instanceof IntakeError && error.code === "NETWORK")
    return (
      <Notice tone="warning" title="The forge intake cannot be reached" testId="intake-unreachable">
        <p>{error.message} This loads by itself once it answers.</p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </Notice>
    );
  return <QueryError error={error} retry={retry} what={what} />;
}
