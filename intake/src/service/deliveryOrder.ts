/**
 * Which queued delivery may start next while others are in progress. Deliveries of different repositories are
 * independent and run side by side; those of one repository run one at a time in the order received (a rate
 * limit counts the contributions before), and a comment, which can link an account any repository's next pull
 * request needs, waits for everything before it and holds back everything after it.
 */
import type { Delivery } from "../store/intakeStore.ts";

/** The repository a delivery is about (`owner/repo`), or "" when its payload names none. */
export function repositoryOf(delivery: Delivery): string {
  const repository = (JSON.parse(delivery.payload) as { repository?: { full_name?: unknown } }).repository;
  return typeof repository?.full_name === "string" ? repository.full_name.toLowerCase() : "";
}

const isComment = (delivery: Delivery) => delivery.event.startsWith("issue_comment.");

/**
 * The first of `queued` (oldest first) that may start now, given the deliveries `running`.
 *
 * @example
 * nextToStart(await store.queued(16), running) // a delivery, or undefined: wait for one to finish
 */
export function nextToStart(queued: readonly Delivery[], running: readonly Delivery[]): Delivery | undefined {
  if (running.some(isComment)) return undefined;
  const ids = new Set(running.map((d) => d.id));
  const busy = new Set(running.map(repositoryOf));
  for (const delivery of queued) {
    if (ids.has(delivery.id)) continue;
    if (isComment(delivery)) return running.length === 0 ? delivery : undefined;
    const repository = repositoryOf(delivery);
    if (!busy.has(repository)) return delivery;
    // Later deliveries of this repository wait behind this one; other repositories may still go.
  }
  return undefined;
}
