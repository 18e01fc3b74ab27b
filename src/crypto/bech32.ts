/**
 * The bech32 checksum (BIP 173), as age's keys carry it: it catches any typo of up to four
 * characters, so a mistyped key is refused at once, and by position, never by its text.
 * Pure.
 * @module
 */

const _CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const _GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/**
 * Whether `text` is a bech32 string with a valid checksum and the human-readable part
 * `hrp` (compared without case).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isBech32 } from "./bech32.ts";
 * const key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
 * assert.ok(isBech32(key, "age"));
 * assert.ok(!isBech32(key.replace("ql3z", "ql4z"), "age"));
 * ```
 */
export function isBech32(text: string, hrp: string): boolean {
  const lower = text.toLowerCase();
  if (lower !== text && text.toUpperCase() !== text) return false; // mixed case
  const sep = lower.lastIndexOf("1");
  if (sep < 1 || lower.slice(0, sep) !== hrp.toLowerCase() || lower.length - sep < 7) return false;
  const values: number[] = [];
  for (const c of lower.slice(0, sep)) values.push(c.charCodeAt(0) >> 5);
  values.push(0);
  for (const c of lower.slice(0, sep)) values.push(c.charCodeAt(0) & 31);
  for (const c of lower.slice(sep + 1)) {
    const v = _CHARSET.indexOf(c);
    if (v < 0) return false;
    values.push(v);
  }
  return _polymod(values) === 1;
}

function _polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= _GENERATOR[i];
  }
  return chk;
}
