/**
 * A row of block characters for a series of sizes (`▁▂▃▅▇`), scaled from zero to the
 * largest, so that a backup that shrank shows at a glance. Pure.
 * @module
 */

const _BARS = "▁▂▃▄▅▆▇█";

/**
 * The sparkline of `values`, one character each.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sparkline } from "./sparkline.ts";
 * assert.equal(sparkline([1, 2, 4, 8]), "▁▂▄█");
 * ```
 */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return _BARS[0].repeat(values.length);
  return values.map((v) => _BARS[Math.min(7, Math.max(0, Math.ceil((v / max) * 8) - 1))]).join("");
}
