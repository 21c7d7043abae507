/**
 * The size of a published manifest before it is downloaded, so a page can say what the whole-epoch audit costs: its
 * server's `Content-Length` for a HEAD request. Undefined when the server does not say (or cannot be asked): the
 * page then says it does not know, rather than guessing.
 */
export async function publishedSize(url: string, signal?: AbortSignal): Promise<number | undefined> {
  try {
    const response = await fetch(url, { method: "HEAD", ...(signal ? { signal } : {}) });
    const length = response.ok ? response.headers.get("content-length") : null;
    return length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  } catch (cause) {
    if ((cause as Error).name === "AbortError") throw cause;
    return undefined;
  }
}

/** A byte count as people read it: "1.3 GB", "412 kB", "980 bytes" (decimal units, as download sizes are shown). */
export function byteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
