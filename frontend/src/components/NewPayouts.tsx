import { useEffect, useRef, useState } from "react";

import { Notice } from "./Notice.tsx";

const canNotify = () => typeof Notification !== "undefined";

/**
 * Tells the person, while the Claim page is open, that an epoch finalised since they opened it has new payouts for
 * them: a notice on the page (announced) and, if they allowed it, a browser notification. `epoch` is the finalised
 * epoch the page shows, once it agrees with the chain; `what` says what it paid. Offers to allow notifications.
 * For when the page is closed there is the account's Atom feed.
 */
export function NewPayouts({ epoch, what, feedUrl }: { epoch: bigint | undefined; what: string; feedUrl: string }) {
  const first = useRef<bigint | undefined>(undefined);
  const [arrived, setArrived] = useState<bigint | undefined>(undefined);
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : "denied"));
  useEffect(() => {
    if (epoch === undefined) return;
    if (first.current === undefined) {
      first.current = epoch;
      return;
    }
    if (epoch <= first.current || epoch === arrived) return;
    setArrived(epoch);
    if (canNotify() && Notification.permission === "granted") {
      new Notification("New payouts to claim", {
        body: `Epoch ${epoch} was finalised: ${what}.`,
        tag: `epoch-${epoch}`,
      });
    }
  }, [epoch, arrived, what]);
  return (
    <>
      {arrived === undefined ? null : (
        <Notice tone="success" title={`New payouts: epoch ${arrived} was finalised`} testId="new-payouts">
          <p>{what}. The amounts below include them.</p>
        </Notice>
      )}
      <p className="muted notify-options">
        {permission === "default" ? (
          <>
            <button
              type="button"
              className="button-quiet"
              data-testid="allow-notifications"
              onClick={() => void Notification.requestPermission().then(setPermission)}
            >
              Notify me in this browser
            </button>{" "}
            of new payouts while this page is open, or follow them{" "}
          </>
        ) : (
          "Follow your payouts "
        )}
        <a href={feedUrl} data-testid="payout-feed">
          as an Atom feed
        </a>
        .
      </p>
    </>
  );
}
