/**
 * Fails when package-lock.json lacks an entry for an optional dependency of a package it locks: another
 * platform's native build (rollup, EDR, lightningcss). `npm ci` notices such a gap only for packages the root
 * reaches directly, so a lockfile regenerated from an installed tree can pass here and break on a Mac.
 * `npm run lockfile` regenerates it correctly.
 */
import { readFile } from "node:fs/promises";

type LockPackage = { optionalDependencies?: Record<string, string> };

const lock = JSON.parse(await readFile(new URL("../../package-lock.json", import.meta.url), "utf8")) as {
  packages: Record<string, LockPackage>;
};
const paths = Object.keys(lock.packages);
const missing: string[] = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
    if (!paths.some((p) => p.endsWith(`node_modules/${dependency}`)))
      missing.push(`${path || "(root)"} -> ${dependency}`);
  }
}
if (missing.length > 0) {
  console.error(`package-lock.json lacks ${missing.length} optional package(s); run "npm run lockfile":`);
  for (const line of missing) console.error(`  ${line}`);
  process.exit(1);
}
