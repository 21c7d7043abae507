/** A readable name for an asset from its metadata URI (its last path segment, without extension), or "". */
export function assetName(uri: string): string {
  const path = uri.split(/[?#]/, 1)[0] ?? "";
  const last =
    path
      .split("/")
      .filter((s) => s !== "")
      .pop() ?? "";
  if (last === "" || /^[a-z]+:$/i.test(last)) return "";
  try {
    return decodeURIComponent(last).replace(/\.[a-z0-9]+$/i, "");
  } catch {
    return last;
  }
}
