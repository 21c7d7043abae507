import { useState } from "react";

/**
 * State that goes back to `initial` whenever `resetKey` changes: an input's draft follows the URL when a link, the
 * address bar or history changes the value the page shows, and stays the person's own while they type.
 */
export function useResettableState<T>(initial: T, resetKey: unknown): [T, (value: T) => void] {
  const [value, setValue] = useState(initial);
  const [key, setKey] = useState(resetKey);
  if (!Object.is(key, resetKey)) {
    // Adjusting state while rendering (not in an effect), so the stale draft is never shown.
    setKey(resetKey);
    setValue(initial);
  }
  return [value, setValue];
}
