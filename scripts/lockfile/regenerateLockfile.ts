/**
 * Regenerates package-lock.json from the registry alone, so it locks every platform's optional builds and
 * `npm ci` works on any machine. npm writes a new lockfile from whatever is installed when there is one, which
 * drops other platforms' packages; so this resolves in a scratch folder holding only the package.json files.
 *
 *   npm run lockfile
 */
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const { workspaces = [] } = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as {
  workspaces?: string[];
};
const scratch = await mkdtemp(path.join(os.tmpdir(), "ccn-lockfile-"));
try {
  for (const folder of ["", ...workspaces]) {
    await mkdir(path.join(scratch, folder), { recursive: true });
    await copyFile(path.join(ROOT, folder, "package.json"), path.join(scratch, folder, "package.json"));
  }
  execFileSync("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], {
    cwd: scratch,
    stdio: "inherit",
  });
  await copyFile(path.join(scratch, "package-lock.json"), path.join(ROOT, "package-lock.json"));
} finally {
  await rm(scratch, { recursive: true, force: true });
}
execFileSync(process.execPath, [path.join(import.meta.dirname, "checkLockfile.ts")], { stdio: "inherit" });
console.log("package-lock.json regenerated; run npm ci to install from it");
