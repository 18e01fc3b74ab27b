/**
 * PAX extended header records (`LEN key=value\n`): encoding and strict parsing.
 * @module
 */

import { concatBytes } from "../util/bytes.ts";
import { decodeName, encodeName, hasRawBytes } from "./name_bytes.ts";

const encoder = new TextEncoder();
const NEWLINE = new Uint8Array([0x0a]);
const decoder = new TextDecoder("utf-8", { fatal: false });

/** Thrown when a PAX record is malformed. */
export class PaxFormatError extends Error {
  override name = "PaxFormatError";
}

/**
 * Encodes records in the PAX `"%d %s=%s\n"` form; the length counts itself. A value with
 * bytes that are not UTF-8 (see name_bytes.ts) is written as those bytes, after a
 * `hdrcharset=BINARY` record that says so (bsdtar needs it; GNU tar 1.34 warns that it
 * does not know the key, and takes the bytes as they are).
 */
export function encodePaxRecords(records: [string, string][]): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const binary = records.some(([, v]) => hasRawBytes(v));
  const all: [string, string][] = binary ? [["hdrcharset", "BINARY"], ...records] : records;
  for (const [key, value] of all) {
    const kv = concatBytes([encoder.encode(`${key}=`), encodeName(value), NEWLINE]);
    let len = kv.length + 2;
    while (String(len).length + 1 + kv.length !== len) len = String(len).length + 1 + kv.length;
    const rec = new Uint8Array(len);
    const prefix = encoder.encode(`${len} `);
    rec.set(prefix, 0);
    rec.set(kv, prefix.length);
    parts.push(rec);
    total += len;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Parses the data of a PAX header. Every record must be well-formed: a decimal length that
 * fits in the data, a space, `key=value` and a newline, with a key that is not empty and
 * holds no NUL. Records come back in order, repeats included (PAX sparse 0.0 repeats its
 * keys).
 */
export function parsePaxRecords(data: Uint8Array): [string, string][] {
  const out: [string, string][] = [];
  let off = 0;
  while (off < data.length) {
    // GNU tar pads the data with NULs after the last record
    if (data[off] === 0) break;
    let sp = off;
    while (sp < data.length && sp - off < 20 && data[sp] >= 0x30 && data[sp] <= 0x39) sp++;
    if (sp === off || sp >= data.length || data[sp] !== 0x20) {
      throw new PaxFormatError(`malformed PAX record length at byte ${off}`);
    }
    const len = Number(decoder.decode(data.subarray(off, sp)));
    if (!Number.isSafeInteger(len) || len <= sp - off + 1 || off + len > data.length) {
      throw new PaxFormatError(`PAX record length ${len} at byte ${off} exceeds the header`);
    }
    if (data[off + len - 1] !== 0x0a) {
      throw new PaxFormatError(`PAX record at byte ${off} does not end with a newline`);
    }
    const rec = data.subarray(sp + 1, off + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq <= 0) throw new PaxFormatError(`PAX record at byte ${off} has no key`);
    if (rec.subarray(0, eq).includes(0)) {
      throw new PaxFormatError(`PAX record at byte ${off} has a NUL byte in its key`);
    }
    // values are UTF-8 by the standard, raw bytes with hdrcharset=BINARY: both lossless
    out.push([decoder.decode(rec.subarray(0, eq)), decodeName(rec.subarray(eq + 1))]);
    off += len;
  }
  return out;
}
