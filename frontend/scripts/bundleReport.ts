/**
 * Bundle report: builds the app (unless --no-build) and prints, per chunk, its size and gzip size; the initial
 * JavaScript (what index.html loads before any page: the entry and the chunks it preloads) against the 250 KB
 * gzip goal; and each page's JavaScript on top of it. Measured, not asserted.
 *
 *   npm run bench:frontend              # table
 *   npm run bench:frontend -- --json    # one JSON object
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

import { build } from "vite";

const FRONTEND_DIR = path.resolve(import.meta.dirname, "..");
const DIST = path.join(FRONTEND_DIR, "dist");
const GOAL_GZIP_BYTES = 250 * 1024;

type ManifestChunk = {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};

const args = new Set(process.argv.slice(2));
const json = args.has("--json");

if (!args.has("--no-build")) {
  const started = performance.now();
  await build({ root: FRONTEND_DIR, logLevel: json ? "silent" : "warn" });
  if (!json) console.log(`built in ${Math.round(performance.now() - started)} ms`);
}

const manifest = JSON.parse(readFileSync(path.join(DIST, ".vite", "manifest.json"), "utf8")) as Record<
  string,
  ManifestChunk
>;
const sizes = new Map<string, { bytes: number; gzip: number }>();
const sizeOf = (file: string) => {
  let size = sizes.get(file);
  if (size === undefined) {
    const content = readFileSync(path.join(DIST, file));
    size = { bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
    sizes.set(file, size);
  }
  return size;
};

/** The chunk and everything it imports statically (what the browser must load before it runs). */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
if (entryKey === undefined) throw new Error("no entry chunk in the build manifest");
const initialKeys = closure(entryKey);
const initial = [...initialKeys].map((k) => ({ file: manifest[k]!.file, ...sizeOf(manifest[k]!.file) }));
const initialGzip = initial.reduce((s, c) => s + c.gzip, 0);
const css = (manifest[entryKey]!.css ?? []).map((file) => ({ file, ...sizeOf(file) }));

const pages = Object.entries(manifest)
  .filter(([, c]) => c.isDynamicEntry && c.src?.includes("/pages/"))
  .map(([key, c]) => {
    const extra = [...closure(key)].filter((k) => !initialKeys.has(k));
    const gzip = extra.reduce((s, k) => s + sizeOf(manifest[k]!.file).gzip, 0);
    return {
      page: path.basename(c.src!, ".tsx"),
      chunks: extra.map((k) => manifest[k]!.file),
      gzip,
      totalWithInitial: gzip + initialGzip,
    };
  })
  .sort((a, b) => a.page.localeCompare(b.page));

const chunks = Object.values(manifest)
  .filter((c) => c.file.endsWith(".js"))
  .map((c) => ({ file: c.file, initial: initial.some((i) => i.file === c.file), ...sizeOf(c.file) }))
  .sort((a, b) => b.gzip - a.gzip);

const report = {
  goalInitialGzipBytes: GOAL_GZIP_BYTES,
  initialJs: {
    gzipBytes: initialGzip,
    bytes: initial.reduce((s, c) => s + c.bytes, 0),
    withinGoal: initialGzip <= GOAL_GZIP_BYTES,
    chunks: initial,
  },
  initialCss: css,
  pages,
  chunks,
};

if (json) {
  console.log(JSON.stringify(report));
} else {
  const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
  console.log("\nInitial JavaScript (index.html: entry + preloaded chunks)");
  for (const c of initial) console.log(`  ${c.file.padEnd(48)} ${kb(c.bytes)}  gzip ${kb(c.gzip)}`);
  console.log(
    `  ${"total".padEnd(48)} ${kb(report.initialJs.bytes)}  gzip ${kb(initialGzip)}  (goal ${kb(GOAL_GZIP_BYTES).trim()}: ${report.initialJs.withinGoal ? "within" : "OVER"})`,
  );
  for (const c of css) console.log(`  ${c.file.padEnd(48)} ${kb(c.bytes)}  gzip ${kb(c.gzip)}  (CSS)`);
  console.log("\nPer page, loaded on navigation (gzip, on top of the initial JS)");
  for (const p of pages)
    console.log(`  ${p.page.padEnd(20)} ${kb(p.gzip)}   first load of the page: ${kb(p.totalWithInitial)}`);
  console.log("\nAll JS chunks (gzip)");
  for (const c of chunks)
    console.log(`  ${c.file.padEnd(48)} ${kb(c.bytes)}  gzip ${kb(c.gzip)}${c.initial ? "  initial" : ""}`);
}
