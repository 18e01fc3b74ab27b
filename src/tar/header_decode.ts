/**
 * One 512-byte tar header: its magic, its fields (octal, base-256, NUL-terminated text),
 * its checksum, and the entry it describes before any extended header is applied.
 * @module
 */
import { decodeName } from "./name_bytes.ts";
import { BLOCK_SIZE, TYPEFLAG } from "./constants.ts";
import type { EntryType, TarEntry } from "./entry.ts";
import { NumericFieldError, readNumeric } from "./numeric.ts";
import { TarFormatError } from "./tar_format_error.ts";

/** A UTF-8 decoder for header text (shared; decoding is stateless without `stream`). */
export const utf8 = new TextDecoder();

/** Whether `flag` is a metadata header (PAX, GNU long name or link, Solaris). */
export function isMetaFlag(flag: number): boolean {
  return flag === TYPEFLAG.paxLocal || flag === TYPEFLAG.paxGlobal ||
    flag === TYPEFLAG.gnuLongName || flag === TYPEFLAG.gnuLongLink ||
    flag === TYPEFLAG.solarisAcl || flag === TYPEFLAG.solarisExtended;
}

const MAGIC_USTAR = 1; // "ustar\0": POSIX
/** What {@linkcode magicOf} says of "ustar " headers: GNU and old-GNU. */
export const MAGIC_GNU = 2;
const MAGIC_OTHER = 0; // v7 and anything else

/** The header's dialect by its magic: POSIX ustar, GNU, or other (v7). */
export function magicOf(h: Uint8Array): number {
  if (h[257] !== 0x75 || h[258] !== 0x73 || h[259] !== 0x74 || h[260] !== 0x61 || h[261] !== 0x72) {
    return MAGIC_OTHER;
  }
  return h[262] === 0 ? MAGIC_USTAR : h[262] === 0x20 ? MAGIC_GNU : MAGIC_OTHER;
}

export function parseHeader(h: Uint8Array, off: number, magic: number): TarEntry {
  let path = _field(h, 0, 100);
  if (magic === MAGIC_USTAR && h[345] !== 0) path = `${_field(h, 345, 155)}/${path}`;
  const flag = h[156];
  const type = _typeOf(flag, path);
  const hasOwner = magic !== MAGIC_OTHER;
  return {
    path,
    type,
    size: 0,
    mode: numField(h, 100, 8, off, "mode"),
    mtime: numField(h, 136, 12, off, "mtime"),
    uid: numField(h, 108, 8, off, "uid"),
    gid: numField(h, 116, 8, off, "gid"),
    uname: hasOwner ? _field(h, 265, 32) : "",
    gname: hasOwner ? _field(h, 297, 32) : "",
    linkname: _field(h, 157, 100),
    devmajor: hasOwner && (type === "char-device" || type === "block-device")
      ? numField(h, 329, 8, off, "devmajor")
      : 0,
    devminor: hasOwner && (type === "char-device" || type === "block-device")
      ? numField(h, 337, 8, off, "devminor")
      : 0,
  };
}

function _typeOf(flag: number, path: string): EntryType {
  switch (flag) {
    case TYPEFLAG.hardlink:
      return "hardlink";
    case TYPEFLAG.symlink:
      return "symlink";
    case TYPEFLAG.charDevice:
      return "char-device";
    case TYPEFLAG.blockDevice:
      return "block-device";
    case TYPEFLAG.directory:
    case TYPEFLAG.gnuDumpDir:
      return "directory";
    case TYPEFLAG.fifo:
      return "fifo";
    case TYPEFLAG.fileOld:
      // v7: a trailing slash marks a directory
      return path.endsWith("/") ? "directory" : "file";
    default:
      // POSIX: unknown type flags are read as regular files
      return "file";
  }
}

export function numField(
  h: Uint8Array,
  at: number,
  width: number,
  off: number,
  field: string,
): number {
  try {
    const n = readNumeric(h, at, width);
    if ((field === "size" || field === "realsize") && n < 0) {
      throw new TarFormatError(`header ${field} is negative`, off);
    }
    return n;
  } catch (e) {
    if (e instanceof NumericFieldError) {
      throw new TarFormatError(`header ${field} field: ${e.message}`, off);
    }
    throw e;
  }
}

export function checksumOk(h: Uint8Array): boolean {
  try {
    verifyChecksum(h, 0);
    return true;
  } catch {
    return false;
  }
}

export function verifyChecksum(h: Uint8Array, off: number): void {
  let stored: number;
  try {
    stored = readNumeric(h, 148, 8);
  } catch {
    throw new TarFormatError("header checksum field is not a number (not a tar archive?)", off);
  }
  // the checksum field itself counts as eight spaces
  const unsigned = 8 * 0x20 + _byteSum(h);
  if (stored === unsigned) return;
  // the old signed variant: bytes over 127 count negative
  let high = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) if (h[i] > 127 && (i < 148 || i >= 156)) high++;
  if (stored !== unsigned - 256 * high) {
    throw new TarFormatError(
      `header checksum mismatch (stored ${stored}, computed ${unsigned})`,
      off,
    );
  }
}

let _words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/** The sum of a header's bytes outside the checksum field (bytes 148 to 155). */
function _byteSum(h: Uint8Array): number {
  if ((h.byteOffset & 3) !== 0) {
    let sum = 0;
    for (let i = 0; i < 148; i++) sum += h[i];
    for (let i = 156; i < BLOCK_SIZE; i++) sum += h[i];
    return sum;
  }
  // four bytes at a time: two 16-bit lanes each add two bytes per word; 126 words of at
  // most 2 * 255 each stay below 65536, so the lanes never carry into each other
  if (_words.buffer !== h.buffer) _words = new Uint32Array(h.buffer, 0, h.buffer.byteLength >>> 2);
  const w = _words;
  const base = h.byteOffset >>> 2;
  let lanes = 0;
  for (let i = base; i < base + 37; i++) {
    const x = w[i];
    lanes += (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff);
  }
  for (let i = base + 39; i < base + 128; i++) {
    const x = w[i];
    lanes += (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff);
  }
  return (lanes & 0xffff) + (lanes >>> 16);
}

/** Strips trailing slashes (keeping a lone "/"), in one pass: never a regex on names. */
export function stripTrailingSlashes(path: string, entry: TarEntry): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 0x2f) end--;
  if (end === path.length) return path;
  if (entry.type === "file" && entry.size === 0) entry.type = "directory";
  return path.slice(0, end);
}

/** Type flags whose members never carry data. */
export const HEADER_ONLY: ReadonlySet<number> = new Set([
  TYPEFLAG.symlink,
  TYPEFLAG.charDevice,
  TYPEFLAG.blockDevice,
  TYPEFLAG.directory,
  TYPEFLAG.fifo,
]);

/** Members whose size field may or may not describe data: hardlinks and v7 directories. */
export function headerOrData(entry: TarEntry, flag: number): boolean {
  return entry.type === "hardlink" || (flag === TYPEFLAG.fileOld && entry.path.endsWith("/"));
}

export function cString(b: Uint8Array): string {
  return _field(b, 0, b.length);
}

/** The NUL-terminated text in `h[at, at+width)`. */
function _field(h: Uint8Array, at: number, width: number): string {
  const max = at + width;
  let end = at;
  let ascii = true;
  for (; end < max; end++) {
    const c = h[end];
    if (c === 0) break;
    if (c > 0x7f) ascii = false;
  }
  if (end === at) return "";
  const s = h.subarray(at, end);
  // header fields are short and nearly always ASCII: skip the utf8's call overhead
  return ascii ? String.fromCharCode.apply(null, s as unknown as number[]) : decodeName(s);
}

export function isZeroBlock(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}
