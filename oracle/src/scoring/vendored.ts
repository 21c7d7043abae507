/**
 * Third-party code brought into a repository (scoring v2): someone else's work, so it is not measured and never
 * counts as novel. Recognised by where it lives (the usual vendor directories, minified or bundled names) and, for
 * an added file, by a third-party license header in its first lines.
 */
import type { SkippedFile } from "./fileContent.ts";

const VENDOR_PATH =
  /(?:^|\/)(?:vendor|vendors|vendored|third[-_]party|third_party|node_modules|bower_components)\/|\.min\.[cm]?[jt]s$|\.bundle\.[cm]?js$|(?:^|\/)dist\//i;
/** Phrases of license texts and license banners that a project's own source does not carry. */
const LICENSE_HEADER =
  /@license\b|@preserve\b|Permission is hereby granted|Licensed under the Apache License|THE SOFTWARE IS PROVIDED "AS IS"|Redistribution and use in source and binary forms/i;
const HEADER_LINES = 30;

/**
 * Why a changed file is vendored, or `undefined`.
 *
 * @example
 * vendoredSkip("vendor/lodash.js", "A", "...") // { reason: "vendored", detail: "a vendor path" }
 */
export function vendoredSkip(path: string, status: string, text: string): Omit<SkippedFile, "path"> | undefined {
  if (VENDOR_PATH.test(path)) return { reason: "vendored", detail: "a vendor or build-output path" };
  if (status !== "A") return undefined;
  const header = text.split("\n", HEADER_LINES).join("\n");
  if (LICENSE_HEADER.test(header)) return { reason: "vendored", detail: "a third-party license header" };
  return undefined;
}
