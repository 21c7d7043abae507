/**
 * Time entries of one report that overlap: an hour is worked once, so logging it twice (two roles at once, or a
 * pasted entry) would charge it twice. Instants are compared to the millisecond; an entry may start the moment
 * another ends.
 */

/** An entry that starts before an earlier-starting entry has ended: both by their index in the list. */
export type LaborOverlap = { readonly index: number; readonly overlaps: number };

/**
 * Every entry that overlaps one that starts no later (the one it overlaps is the latest-ending of those), in
 * the order the entries start.
 *
 * @example
 * laborOverlaps([{ start: "2026-11-30T09:00:00Z", end: "2026-11-30T12:00:00Z" },
 *   { start: "2026-11-30T11:00:00Z", end: "2026-11-30T13:00:00Z" }]) // [{ index: 1, overlaps: 0 }]
 */
export function laborOverlaps(entries: readonly { start: string; end: string }[]): LaborOverlap[] {
  const order = entries
    .map((entry, index) => ({ index, start: Date.parse(entry.start), end: Date.parse(entry.end) }))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  const found: LaborOverlap[] = [];
  let latest: (typeof order)[number] | undefined;
  for (const entry of order) {
    if (latest !== undefined && entry.start < latest.end) found.push({ index: entry.index, overlaps: latest.index });
    if (latest === undefined || entry.end > latest.end) latest = entry;
  }
  return found;
}
