/**
 * A gzip reader that follows RFC 1952 to the letter: it reads every member of a
 * multi-member file, checks each member's CRC-32 and size, and ignores trailing garbage
 * after a complete member as `gzip -d` does. (node:zlib's Gunzip drops output when
 * garbage follows, so the member framing is done here and only the deflate data goes to
 * zlib.)
 * @module
 */
import zlib from "node:zlib";
import { ByteSource } from "../tar/byte_source.ts";
import { decodeMember, relabelErrors, take } from "./_member.ts";
import { type SyncHandle, syncHandle } from "./zlib_handle.ts";

const OUT_CHUNK = 1 << 17;

/** Thrown for a corrupt or truncated gzip stream. */
export class GzipFormatError extends Error {
  override name = "GzipFormatError";
}

/** Decompresses a gzip stream of one or more members. */
export async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const handle = syncHandle(zlib.createInflateRaw()); // one inflater, reset per member
  const src = new ByteSource(source);
  let pending: Uint8Array | null = null; // bytes read past a member's deflate data
  let members = 0;
  try {
    while (true) {
      const head = await take(src, pending, 10);
      pending = head.rest;
      if (head.bytes.length === 0) {
        if (members === 0) throw new GzipFormatError("empty gzip stream");
        return;
      }
      if (head.bytes.length < 2 || head.bytes[0] !== 0x1f || head.bytes[1] !== 0x8b) {
        if (members === 0) throw new GzipFormatError("not a gzip stream");
        return; // trailing garbage after a complete member: ignored, as gzip -d does
      }
      if (head.bytes.length < 10) throw new GzipFormatError("gzip header is truncated");
      if (head.bytes[2] !== 8) throw new GzipFormatError("unknown gzip compression method");
      const flags = head.bytes[3];
      if (flags & 0x04) { // FEXTRA
        const x = await take(src, pending, 2);
        pending = x.rest;
        const len = x.bytes[0] | (x.bytes[1] << 8);
        const skip = await take(src, pending, len);
        pending = skip.rest;
      }
      for (const bit of [0x08, 0x10]) { // FNAME, FCOMMENT: NUL-terminated
        if (!(flags & bit)) continue;
        while (true) {
          const c = await take(src, pending, 1);
          pending = c.rest;
          if (c.bytes.length === 0) throw new GzipFormatError("gzip header is truncated");
          if (c.bytes[0] === 0) break;
        }
      }
      if (flags & 0x02) pending = (await take(src, pending, 2)).rest; // FHCRC
      members++;

      let crc = 0;
      let size = 0;
      pending = yield* relabelErrors(_inflate(src, pending, handle), (e) => {
        const msg = (e as Error).message;
        return new GzipFormatError(
          msg.includes("unexpected end") ? "gzip stream is truncated" : `corrupt gzip data: ${msg}`,
        );
      }, (chunk) => {
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
      });
      const trailer = await take(src, pending, 8);
      pending = trailer.rest;
      if (trailer.bytes.length < 8) throw new GzipFormatError("gzip stream is truncated");
      const t = trailer.bytes;
      const wantCrc = (t[0] | (t[1] << 8) | (t[2] << 16) | (t[3] << 24)) >>> 0;
      const wantSize = (t[4] | (t[5] << 8) | (t[6] << 16) | (t[7] << 24)) >>> 0;
      if (wantCrc !== crc >>> 0) throw new GzipFormatError("gzip CRC-32 mismatch: data is corrupt");
      if (wantSize !== size % 2 ** 32) {
        throw new GzipFormatError("gzip size mismatch: data is corrupt");
      }
    }
  } finally {
    await src.cancel();
  }
}

/**
 * Inflates one member's deflate data, starting with `pending`; returns the bytes read
 * past its end. zlib stops taking input at the end of the deflate stream, which is how
 * the end is found.
 */
async function* _inflate(
  src: ByteSource,
  pending: Uint8Array | null,
  handle: SyncHandle | null,
): AsyncGenerator<Uint8Array, Uint8Array> {
  if (!handle) {
    return yield* decodeMember(src, pending, zlib.createInflateRaw({ chunkSize: 1 << 16 }));
  }
  handle.reset();
  let input = pending ?? new Uint8Array(0);
  while (true) {
    if (input.length === 0) {
      input = await src.readSome(1 << 20);
      if (input.length === 0) throw new Error("unexpected end of file");
    }
    const out = new Uint8Array(OUT_CHUNK);
    const r = handle.write(zlib.constants.Z_NO_FLUSH, input, out);
    input = input.subarray(r.consumed);
    if (r.produced > 0) yield out.subarray(0, r.produced);
    // input left over while there was room for output: the deflate stream has ended
    if (input.length > 0 && r.produced < out.length) return input;
  }
}
