/**
 * Where a process's CPU time went, from the V8 CPU profiles `node --cpu-prof` writes (the benchmark's --profile):
 * self time summed by package (`node_modules/<package>`), by the indexer's own code, by Node's internals, and
 * V8's garbage collector and idle time, as shares of the busy (non-idle) time; one summary per profile (one per
 * process, named by its pid as Node names the file).
 *
 *   node bench/profileSummary.ts DIR [--top 15]
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string } };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** The bucket of a sampled frame: the package it belongs to, or what V8 calls it. */
export function bucketOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (url === "") return `(${functionName.replace(/^\(|\)$/g, "") || "native"})`;
  const modules = url.lastIndexOf("node_modules/");
  if (modules !== -1) {
    const [scope, name] = url.slice(modules + "node_modules/".length).split("/");
    return scope!.startsWith("@") ? `${scope}/${name}` : scope!;
  }
  // Node's own modules by area (node:internal/streams/writable is "node:streams"), its vendored ones by name
  // (node:internal/deps/undici/undici, the fetch API's Request and Response, is "node:deps/undici").
  if (url.startsWith("node:")) {
    const [area, name] = url.replace(/^node:(internal\/)?/, "").split("/");
    return area === "deps" ? `node:deps/${name}` : `node:${area}`;
  }
  return url.includes("/indexer/") ? "indexer (own code)" : url;
}

/** Microseconds of self time per bucket over every profile. */
export function summarise(profiles: CpuProfile[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const profile of profiles) {
    const buckets = new Map(profile.nodes.map((n) => [n.id, bucketOf(n.callFrame)]));
    profile.samples.forEach((id, i) => {
      const bucket = buckets.get(id) ?? "(unknown)";
      totals.set(bucket, (totals.get(bucket) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
  }
  return totals;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "15" } },
  });
  const dir = positionals[0];
  if (dir === undefined) throw new Error("usage: node bench/profileSummary.ts DIR [--top N]");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  const profiles = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), "utf8")) as CpuProfile),
  );
  for (const [i, profile] of profiles.entries()) {
    const totals = summarise([profile]);
    const busy = [...totals].filter(([b]) => b !== "(idle)").reduce((n, [, us]) => n + us, 0);
    const idle = totals.get("(idle)") ?? 0;
    console.log(`${files[i]}: ${(busy / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle`);
    const top = [...totals].filter(([b]) => b !== "(idle)").sort((a, b) => b[1] - a[1]);
    for (const [bucket, us] of top.slice(0, Number(values.top)))
      console.log(`${((100 * us) / busy).toFixed(1).padStart(7)}%  ${bucket}`);
  }
}

if (import.meta.main) await main();
