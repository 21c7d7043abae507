/**
 * The published token price tables, shipped with this package in `prices/` (one file per version): where they
 * are and, by canonical hash, what they hold. A cost report prices tokens from one of them; the oracle accepts
 * exactly these.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type PriceTable, priceTableHash, priceTableSchema } from "../costs/priceTable.ts";
import type { Hex } from "../hex.ts";
import { readJsonFile } from "./readJsonFile.ts";

/** The directory of the published price tables. */
export const PRICE_TABLES_DIR = fileURLToPath(new URL("../../prices/", import.meta.url));

/** The table `ccn cost build` prices tokens from unless given another: the newest. */
export const DEFAULT_PRICE_TABLE_FILE = path.join(PRICE_TABLES_DIR, "price-table-2026-12-01.json");

/**
 * @example
 * const tables = await publishedPriceTables();
 * tables.has(report.tools.priceTableHash);
 */
export async function publishedPriceTables(directory: string = PRICE_TABLES_DIR): Promise<Map<Hex, PriceTable>> {
  const files = (await readdir(directory)).filter((f) => f.endsWith(".json")).sort();
  const tables = await Promise.all(files.map((f) => readJsonFile(priceTableSchema, path.join(directory, f))));
  return new Map(tables.map((table) => [priceTableHash(table), table]));
}
