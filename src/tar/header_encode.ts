/**
 * Encodes tar headers: POSIX ustar, with a PAX extended header only when a field does not fit
 * (long or non-ASCII names, sizes of 8 GiB and more, large ids, out-of-range mtimes).
 * @module
 */
import { encodeName, hasRawBytes } from "./name_bytes.ts";
import { BLOCK_SIZE, padToBlock, TYPEFLAG } from "./constants.ts";
import type { EntryType, TarEntry } from "./entry.ts";
import { writeBase256, writeOctal } from "./numeric.ts";
import { encodePaxRecords } from "./pax.ts";

const TYPE_TO_FLAG: Record<EntryType, number> = {
  file: TYPEFLAG.file,
  directory: TYPEFLAG.directory,
  symlink: TYPEFLAG.symlink,
  hardlink: TYPEFLAG.hardlink,
  "char-device": TYPEFLAG.charDevice,
  "block-device": TYPEFLAG.blockDevice,
  fifo: TYPEFLAG.fifo,
};

const MAX_SIZE_OCTAL = 8 ** 11 - 1;
const MAX_ID_OCTAL = 8 ** 7 - 1;

const USTAR_MAGIC = new Uint8Array([0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30]); // "ustar\0" "00"

/**
 * Returns the header blocks for `entry`: one ustar block, preceded by a PAX header and its
 * data when needed. The entry's data (if any) follows, padded to 512 bytes by the caller.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeader } from "./header_encode.ts";
 * import { makeEntry } from "./entry.ts";
 * const blocks = encodeHeader(makeEntry({ path: "a.txt", type: "file", size: 3 }));
 * assert.ok(blocks.length === 512);
 * ```
 */
export function encodeHeader(entry: TarEntry): Uint8Array {
  const fields = _fields(entry);
  const out = new Uint8Array(_headerLength(fields));
  _encode(entry, fields, out, 0);
  return out;
}

/**
 * Writes the header blocks for `entry` (as {@linkcode encodeHeader} returns them) into
 * `buf` at `offset`, without allocating in the usual case of a plain ustar header; returns
 * the bytes written, or 0 when they and `reserve` more bytes (the entry's data, say) do not
 * fit in `buf` there (nothing is written then).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeaderInto } from "./header_encode.ts";
 * import { makeEntry } from "./entry.ts";
 * const buf = new Uint8Array(1024);
 * assert.ok(encodeHeaderInto(makeEntry({ path: "a.txt", type: "file", size: 3 }), buf, 512) === 512);
 * assert.ok(encodeHeaderInto(makeEntry({ path: "b.txt", type: "file", size: 3 }), buf, 1000) === 0);
 * ```
 */
export function encodeHeaderInto(
  entry: TarEntry,
  buf: Uint8Array,
  offset: number,
  reserve = 0,
): number {
  const fields = _fields(entry);
  const length = _headerLength(fields);
  if (offset + length + reserve > buf.length) return 0;
  buf.fill(0, offset, offset + length);
  _encode(entry, fields, buf, offset);
  return length;
}

/** How an entry's fields go into the header, worked out once. */
interface _Fields {
  name: string;
  /** the size field: a file's size, 0 for every other type */
  size: number;
  /** see {@linkcode _splitAt} */
  split: number;
  linkFits: boolean;
  unameFits: boolean;
  gnameFits: boolean;
  mtimeFits: boolean;
  /** the encoded PAX records, or null when every field fits in ustar */
  pax: Uint8Array | null;
  /** the link target as the ustar field holds it */
  link: string;
}

function _fields(entry: TarEntry): _Fields {
  const name = entry.type === "directory" ? `${entry.path}/` : entry.path;
  const size = entry.type === "file" ? entry.size : 0;
  // a name that is not UTF-8 goes into the ustar fields byte for byte, as GNU tar writes it
  const ustarName = _bytesAsChars(name);
  const ustarLink = _bytesAsChars(entry.linkname);
  const f: _Fields = {
    name: ustarName ?? name,
    size,
    split: _splitAt(ustarName ?? name, ustarName !== undefined),
    linkFits: ustarLink ? ustarLink.length <= 100 : _asciiFits(entry.linkname, 100),
    link: ustarLink ?? entry.linkname,
    unameFits: _asciiFits(entry.uname, 32),
    gnameFits: _asciiFits(entry.gname, 32),
    mtimeFits: Number.isInteger(entry.mtime) && entry.mtime >= 0 &&
      entry.mtime <= MAX_SIZE_OCTAL,
    pax: null,
  };
  if (
    f.split !== NEEDS_PAX && f.linkFits && f.unameFits && f.gnameFits && f.mtimeFits &&
    size <= MAX_SIZE_OCTAL && entry.uid >= 0 && entry.uid <= MAX_ID_OCTAL && entry.gid >= 0 &&
    entry.gid <= MAX_ID_OCTAL
  ) return f;
  const pax: [string, string][] = [];
  if (f.split === NEEDS_PAX) pax.push(["path", name]); // raw bytes kept: see pax.ts
  if (!f.linkFits) pax.push(["linkpath", entry.linkname]);
  if (size > MAX_SIZE_OCTAL) pax.push(["size", String(size)]);
  if (entry.uid > MAX_ID_OCTAL || entry.uid < 0) pax.push(["uid", String(entry.uid)]);
  if (entry.gid > MAX_ID_OCTAL || entry.gid < 0) pax.push(["gid", String(entry.gid)]);
  if (!f.unameFits) pax.push(["uname", entry.uname]);
  if (!f.gnameFits) pax.push(["gname", entry.gname]);
  if (!f.mtimeFits) pax.push(["mtime", _formatPaxTime(entry.mtime)]);
  f.pax = encodePaxRecords(pax);
  return f;
}

function _headerLength(f: _Fields): number {
  return f.pax ? 2 * BLOCK_SIZE + padToBlock(f.pax.length) : BLOCK_SIZE;
}

/** Writes the header blocks into zeroed `buf` at `at`: the PAX header and data, then ustar. */
function _encode(entry: TarEntry, f: _Fields, buf: Uint8Array, at: number): void {
  const mtime = entry.mtime;
  const pax = f.pax;
  if (pax) {
    _writeAscii(buf, at, _asciiFallback(_paxHeaderName(entry.path), 100));
    writeOctal(buf, at + 100, 8, 0o644);
    writeOctal(buf, at + 108, 8, 0);
    writeOctal(buf, at + 116, 8, 0);
    writeOctal(buf, at + 124, 12, pax.length);
    writeOctal(buf, at + 136, 12, f.mtimeFits ? mtime : 0);
    buf[at + 156] = TYPEFLAG.paxLocal;
    buf.set(USTAR_MAGIC, at + 257);
    writeChecksum(buf, at);
    buf.set(pax, at + BLOCK_SIZE);
    at += BLOCK_SIZE + padToBlock(pax.length);
  }
  const { name, split } = f;
  if (split === NEEDS_PAX) _writeAscii(buf, at, _asciiFallback(name, 100));
  else if (split === NO_PREFIX) _writeAscii(buf, at, name);
  else {
    _writeAscii(buf, at, name.slice(split + 1));
    _writeAscii(buf, at + 345, name.slice(0, split));
  }
  writeOctal(buf, at + 100, 8, entry.mode & 0o7777);
  _writeId(buf, at + 108, entry.uid);
  _writeId(buf, at + 116, entry.gid);
  const { size } = f;
  if (!writeOctal(buf, at + 124, 12, size)) writeBase256(buf, at + 124, 12, size);
  writeOctal(
    buf,
    at + 136,
    12,
    f.mtimeFits ? mtime : Math.min(Math.max(Math.floor(mtime), 0), MAX_SIZE_OCTAL),
  );
  buf[at + 156] = TYPE_TO_FLAG[entry.type];
  _writeAscii(buf, at + 157, f.linkFits ? f.link : _asciiFallback(entry.linkname, 100));
  buf.set(USTAR_MAGIC, at + 257);
  if (f.unameFits) _writeAscii(buf, at + 265, entry.uname);
  if (f.gnameFits) _writeAscii(buf, at + 297, entry.gname);
  if (entry.type === "char-device" || entry.type === "block-device") {
    writeOctal(buf, at + 329, 8, entry.devmajor);
    writeOctal(buf, at + 337, 8, entry.devminor);
  }
  writeChecksum(buf, at);
}

/** Computes and stores the header checksum (bytes 148..155, as "%06o\0 ") of the block at `at`. */
export function writeChecksum(block: Uint8Array, at = 0): void {
  block.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + BLOCK_SIZE; i++) sum += block[i];
  writeOctal(block, at + 148, 7, sum);
  block[at + 155] = 0x20;
}

/** The end-of-archive marker: two zero blocks. */
export const END_OF_ARCHIVE: Uint8Array = new Uint8Array(2 * BLOCK_SIZE);

function _writeId(buf: Uint8Array, offset: number, id: number): void {
  if (!writeOctal(buf, offset, 8, id)) writeOctal(buf, offset, 8, 0);
}

const NEEDS_PAX = -2;
const NO_PREFIX = -1;

/**
 * Where a header name splits into ustar prefix (≤155) and name (≤100): the index of the slash
 * between them, {@linkcode NO_PREFIX} when the name fits whole, {@linkcode NEEDS_PAX} when it
 * cannot be stored in ustar fields.
 */
function _splitAt(path: string, bytes = false): number {
  if (!bytes && !_isAscii(path)) return NEEDS_PAX;
  if (path.length <= 100) return NO_PREFIX;
  if (path.length > 256) return NEEDS_PAX;
  // the prefix ends at a slash; the rest (the name) must fit in 100 bytes
  const trailing = path.endsWith("/") ? 1 : 0;
  for (let i = path.length - 1 - trailing; i > 0; i--) {
    if (path[i] !== "/") continue;
    if (i > 155) continue;
    const nameLength = path.length - i - 1;
    return nameLength > 100 || nameLength === 0 ? NEEDS_PAX : i;
  }
  return NEEDS_PAX;
}

/**
 * A name with bytes that are not UTF-8 as a string of one char per byte (what
 * {@linkcode _writeAscii} writes), or undefined for any other name.
 */
function _bytesAsChars(s: string): string | undefined {
  if (!hasRawBytes(s)) return undefined;
  const bytes = encodeName(s);
  // a NUL or a control char ends or breaks a ustar field: those go to PAX
  if (bytes.some((b) => b < 0x20)) return undefined;
  return String.fromCharCode(...bytes);
}

function _isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7e || s.charCodeAt(i) < 0x20) return false;
  }
  return true;
}

function _asciiFits(s: string, width: number): boolean {
  return s.length <= width && _isAscii(s);
}

/** A printable ASCII stand-in for a field whose real value lives in the PAX header. */
function _asciiFallback(s: string, width: number): string {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c >= 0x20 && c <= 0x7e && ch.length === 1 ? ch : "_";
    if (out.length >= width) break;
  }
  return out.slice(0, width);
}

function _writeAscii(buf: Uint8Array, offset: number, s: string): void {
  for (let i = 0; i < s.length; i++) buf[offset + i] = s.charCodeAt(i);
}

function _paxHeaderName(path: string): string {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) : ".";
  const base = path.slice(slash + 1);
  return `${dir}/PaxHeaders/${base}`;
}

function _formatPaxTime(t: number): string {
  if (Number.isInteger(t)) return String(t);
  // keep 9 fractional digits at most, without trailing zeros
  return t.toFixed(9).replace(/\.?0+$/, "");
}
