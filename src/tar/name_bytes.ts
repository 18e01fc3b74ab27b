/**
 * Names as bytes. POSIX names are bytes, and not every byte string is UTF-8 (a Latin-1
 * `caf\xe9.txt`). tarz keeps names as JavaScript strings, and a byte that is not part of
 * valid UTF-8 is held as the lone surrogate U+DC80 + (byte − 0x80), as Python's
 * `surrogateescape` does. Valid UTF-8 never decodes to a lone surrogate, so the mapping is
 * one to one: {@linkcode encodeName} gives back the exact bytes, and two different names
 * never become one. Pure.
 * @module
 */

const fatal = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();

/** The name in `bytes`: UTF-8, with every byte that is not valid UTF-8 escaped. */
export function decodeName(bytes: Uint8Array): string {
  try {
    return fatal.decode(bytes);
  } catch {
    return _decodeEscaping(bytes);
  }
}

/** The bytes of a name from {@linkcode decodeName} (or any string: UTF-8). */
export function encodeName(name: string): Uint8Array {
  if (!hasRawBytes(name)) return utf8.encode(name);
  const out: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else {
      const cp = name.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(...utf8.encode(String.fromCodePoint(cp)));
    }
  }
  return new Uint8Array(out);
}

/** Whether `name` holds bytes that are not UTF-8 (escaped by {@linkcode decodeName}). */
export function hasRawBytes(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) {
      const before = i > 0 ? name.charCodeAt(i - 1) : 0;
      if (before < 0xd800 || before > 0xdbff) return true; // not the low half of a pair
    }
  }
  return false;
}

/**
 * A name for people, as GNU tar lists it: a byte that is not UTF-8, a control character
 * and `\` itself as a backslash escape (`caf\351.txt`, `a\nb`, `back\\slash`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeName, printableName } from "./name_bytes.ts";
 * assert.equal(printableName(decodeName(new Uint8Array([0x63, 0xe9]))), "c\\351");
 * assert.equal(printableName("café"), "café");
 * ```
 */
export function printableName(name: string): string {
  if (!_needsEscape(name)) return name;
  let out = "";
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < name.length) {
      out += name.slice(i, i + 2); // a pair: one character beyond U+FFFF
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) out += `\\${(c - 0xdc00).toString(8)}`;
    else if (c === 0x5c) out += "\\\\";
    else if (c < 0x20 || c === 0x7f) out += _CONTROL[c] ?? `\\${c.toString(8).padStart(3, "0")}`;
    else out += name[i];
  }
  return out;
}

/**
 * `text` (a message, a line of output) with only the bytes that are not UTF-8 escaped as
 * `\ooo`, so a terminal never shows them as U+FFFD.
 */
export function showRawBytes(text: string): string {
  if (!/[\udc80-\udcff]/.test(text) || !hasRawBytes(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) out += `\\${(c - 0xdc00).toString(8)}`;
    else out += text[i];
  }
  return out;
}

/**
 * A name given on the command line in the form `tarz list` prints (`caf\351.txt`), as GNU
 * tar's `--unquote` takes it: each `\ooo` (three octal digits) is that byte. Deno hands
 * the program its arguments as UTF-8 text, so this is how such a name gets in.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unquoteName } from "./name_bytes.ts";
 * assert.equal(unquoteName("caf\\351.txt"), "caf\udce9.txt");
 * assert.equal(unquoteName("caf\\303\\251"), "café");
 * ```
 */
export function unquoteName(text: string): string {
  if (!/\\[0-3][0-7]{2}/.test(text)) return text;
  const parts = text.split(/\\([0-3][0-7]{2})/);
  const bytes: number[] = [];
  parts.forEach((p, i) => {
    if (i % 2) bytes.push(parseInt(p, 8));
    else bytes.push(...encodeName(p));
  });
  return decodeName(new Uint8Array(bytes));
}

function _needsEscape(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c || (c >= 0xdc80 && c <= 0xdcff)) return true;
  }
  return false;
}

const _CONTROL: Record<number, string> = {
  0x07: "\\a",
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0b: "\\v",
  0x0c: "\\f",
  0x0d: "\\r",
};

/** Decodes valid UTF-8 sequences and escapes every other byte, in one pass. */
function _decodeEscaping(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const n = _sequenceLength(b, i);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + b[i]);
      i++;
    } else {
      out += n === 1 ? String.fromCharCode(b[i]) : fatal.decode(b.subarray(i, i + n));
      i += n;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i` (1–4), or 0 when it is not one. */
function _sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
