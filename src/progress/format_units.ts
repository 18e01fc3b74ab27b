/**
 * Human-readable numbers for progress and summaries. Pure.
 * @module
 */

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** Formats a byte count (or a rate) with a binary unit, e.g. `1.5 MiB`; bytes are whole. */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${UNITS[u]}`;
}

/** Formats milliseconds as `0.42s`, `12.3s`, `4m05s` or `1h02m`. */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)}s`;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

const _IRREGULAR: Record<string, string> = {
  directory: "directories",
  "other entry": "other entries",
};

/**
 * A count with its noun, singular for exactly one: `1 file`, `2 files`, `1 directory`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { count } from "./format_units.ts";
 * assert.equal(count(1, "file"), "1 file");
 * assert.equal(count(3, "directory"), "3 directories");
 * assert.equal(count(0, "warning"), "0 warnings");
 * ```
 */
export function count(n: number, noun: string): string {
  if (n === 1) return `1 ${noun}`;
  return `${n} ${_IRREGULAR[noun] ?? `${noun}s`}`;
}
