/**
 * Which queued delivery may start next while others are in progress. Deliveries of different repositories are
 * independent and run side by side; those of one repository run one at a time in the order received (a rate
 * limit counts the contributions before), and a comment, which can link an account any repository's next pull
 * request needs, waits for everything before it and holds back everything after it.
 */
import type { Delivery } from "../store/intakeStore.ts";

type Payload = { repository?: { full_name?: unknown }; project?: { path_with_namespace?: unknown } };

/**
 * The repository a delivery is about (`<forge>:owner/repo`: GitHub's `repository.full_name`, GitLab's
 * `project.path_with_namespace`), or "" when its payload names none.
 */
export function repositoryOf(delivery: Delivery): string {
  const payload = JSON.parse(delivery.payload) as Payload;
  const name = delivery.forge === "gitlab" ? payload.project?.path_with_namespace : payload.repository?.full_name;
  return typeof name === "string" ? `${delivery.forge}:${name.toLowerCase()}` : "";
}

const isComment = (delivery: Delivery) =>
  delivery.event.startsWith("issue_comment.") || delivery.event === "note" || delivery.event.startsWith("note.");

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
