/// <reference types="vitest/config" />
/**
 * Vite build of the web app. Configuration reaches the app as VITE_* variables (see src/config/settings.ts);
 * deployments are read at build time from CCN_DEPLOYMENTS_DIR (default: the repository's deployments/).
 */
import path from "node:path";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

import { deploymentsPlugin } from "./build/deploymentsPlugin.ts";

const repoRoot = path.resolve(import.meta.dirname, "..");
const deploymentsDir = path.resolve(repoRoot, process.env.CCN_DEPLOYMENTS_DIR || "deployments");

export default defineConfig({
  plugins: [react(), deploymentsPlugin(deploymentsDir)],
  build: {
    target: "es2022",
    // Reported by `npm run bench`: the initial JS is what index.html loads before any page chunk.
    reportCompressedSize: false,
    // dist/.vite/manifest.json: the chunk graph the bundle report walks.
    manifest: true,
  },
  server: { fs: { allow: [repoRoot] } },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "build/**/*.test.ts"],
    environment: "node",
  },
});
