/**
 * Answers kept for a while: `cached(key, read)` gives an answer read for `key` less than `maxAgeMs` ago, or reads
 * it again. Past half its age an answer is still given while it is read again in the background, so a key in
 * steady use is refreshed before it expires and a call does not wait for the RPC round trip (a paid call's path
 * reads several keys, all set by the same call and so all expiring together). Reads in flight are shared, and a
 * failed read is not kept (the next call asks again), so a dead RPC or gateway is an error once the last answer
 * is past its age, never an old answer past its age.
 */
export type MaxAgeCache = <T>(key: string, read: () => Promise<T>, ageMs?: number) => Promise<T>;

/**
 * @example
 * const cached = maxAgeCache(2_000);
 * const terms = await cached(`terms:${assetId}`, () => readTerms(assetId));
 */
export function maxAgeCache(maxAgeMs: number, clock: () => number = Date.now): MaxAgeCache {
  const kept = new Map<string, { at: number; value: Promise<unknown> }>();
  const reading = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>, ageMs = maxAgeMs): Promise<T> => {
    const now = clock();
    const hit = kept.get(key);
    const age = hit === undefined ? Number.POSITIVE_INFINITY : now - hit.at;
    if (age >= ageMs / 2 && !reading.has(key)) {
      const value = read();
      reading.set(key, value);
      // Settled before any caller's own await of it resumes, so that caller's next call sees the cache as it is.
      value.then(
        () => {
          // The answer is as old as the read's start: the chain may have changed while it was in flight.
          kept.set(key, { at: now, value });
          reading.delete(key);
        },
        () => reading.delete(key),
      );
    }
    return (age < ageMs ? hit!.value : reading.get(key)!) as Promise<T>;
  };
}
