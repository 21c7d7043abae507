/** Small display formatters of protocol units (basis points, micro-USD, timestamps); integers only. */
import { BPS } from "@coherence/protocol";

import { formatAmount } from "./formatAmount.ts";

/** Basis points as a percentage with two decimals: 6971 -> "69.71%". */
export function formatBps(bps: number): string {
  const sign = bps < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(bps));
  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, "0")}%`;
}

/** A multiplier in basis points as "1.19x" (cut, not rounded, like the oracle's explanation). */
export function formatMultiplier(bps: number): string {
  return `${Math.floor(bps / BPS)}.${(bps % BPS).toString().padStart(4, "0").slice(0, 2)}x`;
}

/** `part / whole` as a percentage with two decimals, rounded half up, on bigints. */
export function formatRatio(part: bigint, whole: bigint): string {
  if (whole === 0n) return "0.00%";
  const hundredths = (part * 10000n + whole / 2n) / whole;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}%`;
}

/** Micro-USD as dollars with cents: 1_260_000_000n -> "$1,260.00" (sub-cent digits shown only when present). */
export function formatMicroUsd(micro: bigint): string {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const dollars = (abs / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  let cents = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  if (cents.length < 2) cents = cents.padEnd(2, "0");
  return `${negative ? "-" : ""}$${dollars}.${cents}`;
}

/** A count grouped by thousands: 1_000_000 -> "1,000,000". */
export function formatInteger(value: number | bigint): string {
  return formatAmount(BigInt(value), 0);
}

/** A duration in seconds as "1h 02m 05s" / "3m 09s" / "12s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => n.toString().padStart(2, "0");
  if (d > 0) return `${d}d ${pad(h)}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(sec)}s`;
  if (m > 0) return `${m}m ${pad(sec)}s`;
  return `${sec}s`;
}

/** A unix timestamp (seconds) as an ISO-like UTC date and time, the same on every machine. */
export function formatTimestamp(seconds: bigint | number): string {
  const date = new Date(Number(seconds) * 1000);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** An ISO 8601 UTC instant's date and time of day, seconds only when there are some: ["2023-12-20", "09:00"]. */
function utcParts(instant: string): [date: string, time: string] {
  const iso = new Date(Date.parse(instant)).toISOString();
  const time = iso.slice(11, 19);
  return [iso.slice(0, 10), time.endsWith(":00") ? time.slice(0, 5) : time];
}

/**
 * The span between two ISO 8601 UTC instants as a date and a time span, the end's date named only when it is
 * another day: { date: "2023-12-20", time: "09:00–13:00 UTC" }, { date: "2023-12-20", time: "22:00 – 2023-12-21 02:00 UTC" }.
 */
export function formatUtcSpan(start: string, end: string): { date: string; time: string } {
  const [startDate, startTime] = utcParts(start);
  const [endDate, endTime] = utcParts(end);
  return {
    date: startDate,
    time: endDate === startDate ? `${startTime}–${endTime} UTC` : `${startTime} – ${endDate} ${endTime} UTC`,
  };
}

/** A 32-byte hash shortened for display: 0x1234…cdef. */
export function shortHash(hash: string, chars = 6): string {
  return hash.length <= 2 + 2 * chars ? hash : `${hash.slice(0, 2 + chars)}…${hash.slice(-chars)}`;
}

/** An address shortened for display: 0x1234…abcd. */
export function shortAddress(address: string): string {
  return shortHash(address, 4);
}
