/**
 * Answers kept for a while: `cached(key, read)` gives the answer read for `key` less than `maxAgeMs` ago, or
 * reads it again. Reads in flight are shared, and a failed read is not kept (the next call asks again), so a dead
 * RPC or gateway is an error each time, never an old answer past its age.
 */
export type MaxAgeCache = <T>(key: string, read: () => Promise<T>, ageMs?: number) => Promise<T>;

/**
 * @example
 * const cached = maxAgeCache(2_000);
 * const terms = await cached(`terms:${assetId}`, () => readTerms(assetId));
 */
export function maxAgeCache(maxAgeMs: number): MaxAgeCache {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  return <T>(key: string, read: () => Promise<T>, ageMs = maxAgeMs): Promise<T> => {
    const hit = cache.get(key);
    if (hit !== undefined && Date.now() - hit.at < ageMs) return hit.value as Promise<T>;
    const value = read();
    cache.set(key, { at: Date.now(), value });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    return value;
  };
}
