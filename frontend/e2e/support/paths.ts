/** Where the end-to-end run writes its screenshots, logs and timings. */
import path from "node:path";

export const RESULTS_DIR = path.resolve(import.meta.dirname, "..", "..", "test-results");
