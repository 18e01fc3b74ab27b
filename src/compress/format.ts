/**
 * Archive formats: names, file extensions, magic bytes and compression levels. Pure.
 * @module
 */

/** Compression wrapped around the tar stream; `tar` means none. */
export type Format = "tar" | "gzip" | "zstd" | "brotli" | "xz" | "bzip2";

/**
 * Every format, in the order help texts list them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FORMATS } from "./format.ts";
 * assert.ok(FORMATS.includes("zstd"));
 * ```
 */
export const FORMATS: readonly Format[] = ["tar", "gzip", "zstd", "brotli", "xz", "bzip2"];

/** Level range and default for each compressor. */
export const LEVELS: Record<Exclude<Format, "tar">, { min: number; max: number; default: number }> =
  {
    gzip: { min: 1, max: 9, default: 6 },
    zstd: { min: 1, max: 19, default: 3 },
    brotli: { min: 0, max: 11, default: 6 },
    xz: { min: 0, max: 9, default: 6 },
    bzip2: { min: 1, max: 9, default: 9 },
  };

const EXTENSIONS: [string, Format][] = [
  [".tar.gz", "gzip"],
  [".tgz", "gzip"],
  [".tar.zst", "zstd"],
  [".tzst", "zstd"],
  [".tar.br", "brotli"],
  [".tar.xz", "xz"],
  [".txz", "xz"],
  [".tar.bz2", "bzip2"],
  [".tbz2", "bzip2"],
  [".tbz", "bzip2"],
  [".tar", "tar"],
];

/** The name endings tarz knows, e.g. `.tar.zst` (each also with `.age` after it). */
export function knownExtensions(): string[] {
  return EXTENSIONS.map(([ext]) => ext);
}

/** The format implied by an output file name, or undefined when the name says nothing. */
export function formatFromName(name: string): Format | undefined {
  const lower = name.toLowerCase().replace(/\.age$/, ""); // an encrypted archive's own format
  for (const [ext, format] of EXTENSIONS) if (lower.endsWith(ext)) return format;
  return undefined;
}

/** The usual extension for a format, e.g. `.tar.zst`. */
export function extensionOf(format: Format): string {
  return EXTENSIONS.find(([, f]) => f === format)![0];
}

/**
 * Detects the compression of a stream from its first bytes. Brotli has no magic number, so
 * it is what remains: the caller treats `undefined` as "not a tar header, try brotli".
 */
export function detectFormat(head: Uint8Array): Format | undefined {
  const at = (i: number) => head[i];
  if (head.length >= 2 && at(0) === 0x1f && at(1) === 0x8b) return "gzip";
  if (head.length >= 4 && at(0) === 0x28 && at(1) === 0xb5 && at(2) === 0x2f && at(3) === 0xfd) {
    return "zstd";
  }
  // zstd skippable frame: 0x184D2A50..5F little-endian
  if (
    head.length >= 4 && (at(0) & 0xf0) === 0x50 && at(1) === 0x2a && at(2) === 0x4d &&
    at(3) === 0x18
  ) {
    return "zstd";
  }
  if (
    head.length >= 6 && at(0) === 0xfd && at(1) === 0x37 && at(2) === 0x7a && at(3) === 0x58 &&
    at(4) === 0x5a && at(5) === 0x00
  ) return "xz";
  if (head.length >= 3 && at(0) === 0x42 && at(1) === 0x5a && at(2) === 0x68) return "bzip2";
  if (_looksLikeTar(head)) return "tar";
  return undefined;
}

/**
 * A tar stream starts with a header whose checksum is right, or with a zero block; a
 * damaged one still has a header's shape (the ustar magic, or octal numbers where a
 * header keeps its mode and checksum), and is read as tar so that the tar reader can say
 * what is wrong with it.
 */
function _looksLikeTar(head: Uint8Array): boolean {
  if (head.length >= 262 && _ascii(head, 257, 5) === "ustar") return true;
  if (head.length >= 156 && _octalField(head, 100, 8) && _octalField(head, 148, 8)) return true;
  return isTarStart(head);
}

/** Whether `head` starts with a tar header whose checksum is right, or a zero block. */
export function isTarStart(head: Uint8Array): boolean {
  if (head.length < 512) return head.length === 0;
  let zero = true;
  for (let i = 0; i < 512; i++) {
    if (head[i] !== 0) {
      zero = false;
      break;
    }
  }
  if (zero) return true;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i];
  const field = new TextDecoder().decode(head.subarray(148, 156)).replace(/[\0 ]+/g, " ").trim();
  return /^[0-7]+$/.test(field) && parseInt(field, 8) === sum;
}

/** Validates a level for a format; returns an error message naming the range, or null. */
export function checkLevel(format: Format, level: number): string | null {
  if (format === "tar") return "plain .tar has no compression level";
  const r = LEVELS[format];
  if (!Number.isInteger(level) || level < r.min || level > r.max) {
    return `${format} level must be an integer from ${r.min} to ${r.max}, got ${level}`;
  }
  return null;
}

function _ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

/** An octal number field as writers fill it: digits, padded with spaces or NULs. */
function _octalField(b: Uint8Array, at: number, width: number): boolean {
  let digits = 0;
  for (let i = at; i < at + width; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x37) {
      if (digits >= 0 && i > at && (b[i - 1] === 0 || (b[i - 1] === 0x20 && digits > 0))) {
        return false; // digits after the padding
      }
      digits++;
    } else if (c !== 0x20 && c !== 0) return false;
  }
  return digits > 0;
}
