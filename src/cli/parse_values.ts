/**
 * Value parsers for command-line options. Pure; they throw commander's
 * InvalidArgumentError so the user gets a one-line message, not a stack trace.
 * @module
 */
import { InvalidArgumentError } from "@commander-js/extra-typings";

/** Parses a non-negative integer. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  }
  return Number(value);
}

/** Parses a thread count: 1 to 64. */
export function parseThreads(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 64)) {
    throw new InvalidArgumentError(`expected a thread count from 1 to 64, got "${value}"`);
  }
  return n;
}

/** Parses an integer (levels are range-checked later, per format). */
export function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`expected an integer, got "${value}"`);
  return Number(value);
}

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
};

/** Parses a byte size such as `100`, `64MiB`, `2G` or `1.5GB`. */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new InvalidArgumentError(`expected a size like 100, 64MiB or 2G, got "${value}"`);
  }
  return Math.floor(Number(m[1]) * unit);
}

/**
 * Parses a timestamp for --mtime: seconds since the epoch (`@1700000000` or `1700000000`)
 * or an ISO 8601 date (`2024-01-01`, `2024-01-01T12:00:00Z`). Returns seconds.
 */
export function parseTimestamp(value: string): number {
  const v = value.startsWith("@") ? value.slice(1) : value;
  if (/^-?\d+$/.test(v)) return Number(v);
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new InvalidArgumentError(`expected seconds since 1970 or an ISO date, got "${value}"`);
  }
  return Math.floor(t / 1000);
}

/**
 * The paths in a `--files-from` list: one a line (a trailing "\r" dropped), or NUL-ended
 * with `nul`; empty entries are skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePathList } from "./parse_values.ts";
 * assert.deepEqual(parsePathList("a\r\n\nb c\n", false), ["a", "b c"]);
 * assert.deepEqual(parsePathList("x\ny\0z\0", true), ["x\ny", "z"]);
 * ```
 */
export function parsePathList(text: string, nul: boolean): string[] {
  const parts = nul ? text.split("\0") : text.split("\n").map((l) => l.replace(/\r$/, ""));
  return parts.filter((p) => p !== "");
}
