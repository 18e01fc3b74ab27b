/**
 * Encodes tar headers: POSIX ustar, with a PAX extended header only when a field does not fit
 * (long or non-ASCII names, sizes of 8 GiB and more, large ids, out-of-range mtimes).
 * @module
 */
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

/**
 * Returns the header blocks for `entry`: one ustar block, preceded by a PAX header and its
 * data when needed. The entry's data (if any) follows, padded to 512 bytes by the caller.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeHeader } from "./encode.ts";
 * import { makeEntry } from "./entry.ts";
 * const blocks = encodeHeader(makeEntry({ path: "a.txt", type: "file", size: 3 }));
 * assert.ok(blocks.length === 512);
 * ```
 */
export function encodeHeader(entry: TarEntry): Uint8Array {
  const name = entry.type === "directory" ? `${entry.path}/` : entry.path;
  const pax: [string, string][] = [];
  const nameFields = _splitName(name);
  if (!nameFields) pax.push(["path", name]);
  const linkBytes = _asciiFits(entry.linkname, 100);
  if (!linkBytes) pax.push(["linkpath", entry.linkname]);
  const size = entry.type === "file" ? entry.size : 0;
  if (size > MAX_SIZE_OCTAL) pax.push(["size", String(size)]);
  if (entry.uid > MAX_ID_OCTAL || entry.uid < 0) pax.push(["uid", String(entry.uid)]);
  if (entry.gid > MAX_ID_OCTAL || entry.gid < 0) pax.push(["gid", String(entry.gid)]);
  if (!_asciiFits(entry.uname, 32)) pax.push(["uname", entry.uname]);
  if (!_asciiFits(entry.gname, 32)) pax.push(["gname", entry.gname]);
  const mtime = entry.mtime;
  const mtimeFits = Number.isInteger(mtime) && mtime >= 0 && mtime <= MAX_SIZE_OCTAL;
  if (!mtimeFits) pax.push(["mtime", _formatPaxTime(mtime)]);

  const ustar = new Uint8Array(BLOCK_SIZE);
  if (nameFields) {
    _writeAscii(ustar, 0, nameFields.name);
    _writeAscii(ustar, 345, nameFields.prefix);
  } else {
    _writeAscii(ustar, 0, _asciiFallback(name, 100));
  }
  writeOctal(ustar, 100, 8, entry.mode & 0o7777);
  _writeId(ustar, 108, entry.uid);
  _writeId(ustar, 116, entry.gid);
  if (!writeOctal(ustar, 124, 12, size)) writeBase256(ustar, 124, 12, size);
  writeOctal(
    ustar,
    136,
    12,
    mtimeFits ? mtime : Math.min(Math.max(Math.floor(mtime), 0), MAX_SIZE_OCTAL),
  );
  ustar[156] = TYPE_TO_FLAG[entry.type];
  _writeAscii(ustar, 157, linkBytes ? entry.linkname : _asciiFallback(entry.linkname, 100));
  ustar.set([0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30], 257); // "ustar\0" "00"
  _writeAscii(ustar, 265, _asciiFits(entry.uname, 32) ? entry.uname : "");
  _writeAscii(ustar, 297, _asciiFits(entry.gname, 32) ? entry.gname : "");
  if (entry.type === "char-device" || entry.type === "block-device") {
    writeOctal(ustar, 329, 8, entry.devmajor);
    writeOctal(ustar, 337, 8, entry.devminor);
  }
  writeChecksum(ustar);
  if (pax.length === 0) return ustar;

  const data = encodePaxRecords(pax);
  const paxHeader = new Uint8Array(BLOCK_SIZE);
  _writeAscii(paxHeader, 0, _asciiFallback(_paxHeaderName(entry.path), 100));
  writeOctal(paxHeader, 100, 8, 0o644);
  writeOctal(paxHeader, 108, 8, 0);
  writeOctal(paxHeader, 116, 8, 0);
  writeOctal(paxHeader, 124, 12, data.length);
  writeOctal(paxHeader, 136, 12, mtimeFits ? mtime : 0);
  paxHeader[156] = TYPEFLAG.paxLocal;
  paxHeader.set([0x75, 0x73, 0x74, 0x61, 0x72, 0x00, 0x30, 0x30], 257);
  writeChecksum(paxHeader);
  const out = new Uint8Array(BLOCK_SIZE + padToBlock(data.length) + BLOCK_SIZE);
  out.set(paxHeader, 0);
  out.set(data, BLOCK_SIZE);
  out.set(ustar, BLOCK_SIZE + padToBlock(data.length));
  return out;
}

/** Computes and stores the header checksum (bytes 148..155, as "%06o\0 "). */
export function writeChecksum(block: Uint8Array): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) sum += block[i];
  writeOctal(block, 148, 7, sum);
  block[155] = 0x20;
}

/** The end-of-archive marker: two zero blocks. */
export const END_OF_ARCHIVE: Uint8Array = new Uint8Array(2 * BLOCK_SIZE);

function _writeId(buf: Uint8Array, offset: number, id: number): void {
  if (!writeOctal(buf, offset, 8, id)) writeOctal(buf, offset, 8, 0);
}

/** Splits a path into ustar name (≤100) and prefix (≤155), or null when PAX is needed. */
function _splitName(path: string): { name: string; prefix: string } | null {
  if (!_isAscii(path)) return null;
  if (path.length <= 100) return { name: path, prefix: "" };
  if (path.length > 256) return null;
  // the prefix ends at a slash; the rest (the name) must fit in 100 bytes
  const trailing = path.endsWith("/") ? 1 : 0;
  for (let i = path.length - 1 - trailing; i > 0; i--) {
    if (path[i] !== "/") continue;
    if (i > 155) continue;
    const name = path.slice(i + 1);
    if (name.length > 100 || name.length === 0) return null;
    return { prefix: path.slice(0, i), name };
  }
  return null;
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
