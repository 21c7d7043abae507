/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser of its own). Installed with apt
 * when missing, as CI machines start without it.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

import { type Browser, chromium } from "playwright-core";
import { runProcess } from "./processes.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags that work on the project's machines (see shared/toolchain.md). */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Installs Debian's chromium package if /usr/bin/chromium is missing (needs root, as on CI). */
export async function ensureChromium(logDir: string): Promise<void> {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0)
    throw new Error(`${CHROMIUM} is missing: install it with "sudo apt-get install -y chromium"`);
  mkdirSync(logDir, { recursive: true });
  await runProcess({
    name: "apt-get update",
    command: "apt-get",
    args: ["update"],
    cwd: "/",
    logFile: path.join(logDir, "apt-get-update.log"),
    timeoutMs: 300_000,
  });
  await runProcess({
    name: "apt-get install chromium",
    command: "apt-get",
    args: ["install", "-y", "--no-install-recommends", "chromium"],
    cwd: "/",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    logFile: path.join(logDir, "apt-get-install-chromium.log"),
    timeoutMs: 600_000,
  });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}

/**
 * Launches Chromium with a fresh profile. Playwright starts it in its own process group and kills that group
 * on close; the caller closes it in a finally/after hook.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 60_000 });
}
