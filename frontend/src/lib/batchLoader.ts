/**
 * Gathers the keys asked for in one tick into one request: a page of twenty asset links asks the indexer once,
 * not twenty times. A key asked again while its batch is in flight shares that batch's answer.
 *
 * @example
 * const names = batchLoader(async (ids) => new Map(ids.map((id) => [id, `asset ${id}`])));
 * await Promise.all([names.load("1"), names.load("2")]); // one call with ["1", "2"]
 */
export function batchLoader<V>(fetchMany: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>) {
  let pending: Map<string, { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]> | undefined;
  const flush = async (batch: NonNullable<typeof pending>) => {
    try {
      const values = await fetchMany([...batch.keys()]);
      for (const [key, waiting] of batch) for (const w of waiting) w.resolve(values.get(key));
    } catch (error) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
    }
  };
  return {
    /** The value of `key`, or undefined when the answer has none. */
    load(key: string): Promise<V | undefined> {
      if (pending === undefined) {
        const batch = new Map<
          string,
          { resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[]
        >();
        pending = batch;
        queueMicrotask(() => {
          pending = undefined;
          void flush(batch);
        });
      }
      const batch = pending;
      return new Promise((resolve, reject) => {
        const waiting = batch.get(key) ?? [];
        waiting.push({ resolve, reject });
        batch.set(key, waiting);
      });
    },
  };
}
