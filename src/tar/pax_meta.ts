/**
 * PAX extended attributes applied to an entry: names, link targets, times, ids, sizes, with
 * the checks on their values and lengths.
 * @module
 */
import type { TarEntry } from "./entry.ts";
import { TarFormatError } from "./tar_format_error.ts";

export function applyPax(entry: TarEntry, attrs: ReadonlyMap<string, string>, off: number): void {
  for (const [k, v] of attrs) {
    switch (k) {
      // a NUL ends the ustar string fields' PAX forms, as in GNU tar and bsdtar
      case "path":
        entry.path = _untilNul(v);
        break;
      case "linkpath":
        entry.linkname = _untilNul(v);
        break;
      case "uid":
        entry.uid = paxInt(v, k, off);
        break;
      case "gid":
        entry.gid = paxInt(v, k, off);
        break;
      case "uname":
        entry.uname = _untilNul(v);
        break;
      case "gname":
        entry.gname = _untilNul(v);
        break;
      case "mtime": {
        // lenient like GNU tar: a number prefix counts, anything else keeps the header's
        const t = _decimal(v, true);
        if (t !== null) entry.mtime = t;
        break;
      }
    }
  }
}

/** Longest name accepted by default (1 MiB): far beyond any real path. */
export const MAX_NAME = 1 << 20;

const _NAME_KEYS = new Set(["path", "linkpath", "uname", "gname", "GNU.sparse.name"]);

/** Refuses a name record over the limit (a name is copied into every member it applies to). */
export function checkNameSizes(recs: [string, string][], max: number, off: number): void {
  for (const [k, v] of recs) {
    if (v.length > max && _NAME_KEYS.has(k)) {
      throw new TarFormatError(
        `PAX ${k} of ${v.length} characters exceeds the ${max}-byte limit`,
        off,
      );
    }
  }
}

function _untilNul(v: string): string {
  const nul = v.indexOf("\0");
  return nul < 0 ? v : v.slice(0, nul);
}

/** A PAX decimal: optional spaces, an optional "-", digits (leading zeros allowed). */
export function paxInt(v: string, key: string, off: number): number {
  const n = _decimal(v, false);
  if (n === null) {
    throw new TarFormatError(`PAX ${key} ${JSON.stringify(v.slice(0, 40))} is not an integer`, off);
  }
  if (!Number.isSafeInteger(n)) {
    throw new TarFormatError(`PAX ${key} ${v.slice(0, 40)} is out of range`, off);
  }
  if (key === "size" && n < 0) throw new TarFormatError(`PAX size ${v} is negative`, off);
  return n;
}

/**
 * Reads a decimal in one pass (names and values come from the archive: no regex runs on
 * them). With `prefix`, a number at the start is enough, and a fraction is allowed, as GNU
 * tar reads PAX times; otherwise the whole text must be an integer. Null when there is none.
 */
function _decimal(v: string, prefix: boolean): number | null {
  let i = 0;
  let end = v.length;
  while (i < end && _isSpace(v.charCodeAt(i))) i++;
  if (!prefix) { while (end > i && _isSpace(v.charCodeAt(end - 1))) end--; }
  const start = i;
  if (v.charCodeAt(i) === 0x2d) i++;
  while (v.charCodeAt(i) === 0x30 && _isDigit(v.charCodeAt(i + 1))) i++; // leading zeros
  const digits = i;
  while (i < end && _isDigit(v.charCodeAt(i))) i++;
  if (i === digits || i - digits > 20) return null;
  let num = v.slice(digits, i);
  if (prefix && v.charCodeAt(i) === 0x2e && _isDigit(v.charCodeAt(i + 1))) {
    const dot = i++;
    while (i < end && i - dot <= 20 && _isDigit(v.charCodeAt(i))) i++;
    num += v.slice(dot, i);
  }
  if (!prefix && i !== end) return null;
  return Number((v.charCodeAt(start) === 0x2d ? "-" : "") + num);
}

export function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!_isDigit(s.charCodeAt(i))) return false;
  return true;
}

function _isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function _isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}
