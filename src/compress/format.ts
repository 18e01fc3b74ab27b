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

/** A tar stream starts with a header whose checksum is right, or with a zero block. */
function _looksLikeTar(head: Uint8Array): boolean {
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
  if (format === "tar") return "plain .tar has no compression level; drop --level";
  const r = LEVELS[format];
  if (!Number.isInteger(level) || level < r.min || level > r.max) {
    return `${format} level must be an integer from ${r.min} to ${r.max}, got ${level}`;
  }
  return null;
}
