/** Whether a path exists: for the optional files lineage reads (a lockfile, bom.json, a bundle manifest). */
import { access } from "node:fs/promises";

export async function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
