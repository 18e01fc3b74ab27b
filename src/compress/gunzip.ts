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

/** Thrown for a corrupt or truncated gzip stream. */
export class GzipFormatError extends Error {
  override name = "GzipFormatError";
}

/** Decompresses a gzip stream of one or more members. */
export async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const src = new ByteSource(source);
  let pending: Uint8Array | null = null; // bytes read past a member's deflate data
  let member = 0;
  try {
    while (true) {
      const head = await _take(src, pending, 10);
      pending = head.rest;
      if (head.bytes.length === 0) {
        if (member === 0) throw new GzipFormatError("empty gzip stream");
        return;
      }
      if (head.bytes.length < 2 || head.bytes[0] !== 0x1f || head.bytes[1] !== 0x8b) {
        if (member === 0) throw new GzipFormatError("not a gzip stream");
        return; // trailing garbage after a complete member: ignored, as gzip -d does
      }
      if (head.bytes.length < 10) throw new GzipFormatError("gzip header is truncated");
      if (head.bytes[2] !== 8) throw new GzipFormatError("unknown gzip compression method");
      const flags = head.bytes[3];
      if (flags & 0x04) { // FEXTRA
        const x = await _take(src, pending, 2);
        pending = x.rest;
        const len = x.bytes[0] | (x.bytes[1] << 8);
        const skip = await _take(src, pending, len);
        pending = skip.rest;
      }
      for (const bit of [0x08, 0x10]) { // FNAME, FCOMMENT: NUL-terminated
        if (!(flags & bit)) continue;
        while (true) {
          const c = await _take(src, pending, 1);
          pending = c.rest;
          if (c.bytes.length === 0) throw new GzipFormatError("gzip header is truncated");
          if (c.bytes[0] === 0) break;
        }
      }
      if (flags & 0x02) pending = (await _take(src, pending, 2)).rest; // FHCRC
      member++;

      const inflater = zlib.createInflateRaw({ chunkSize: 1 << 16 });
      const written: Uint8Array[] = [];
      let writtenTotal = 0;
      let writeError: unknown;
      const pump = (async () => {
        try {
          const first = pending;
          pending = null;
          let chunk: Uint8Array | null = first && first.length ? first : null;
          while (!inflater.readableEnded && !inflater.destroyed) {
            if (!chunk) {
              chunk = await src.readSome(1 << 20);
              if (chunk.length === 0) {
                inflater.end();
                return;
              }
            }
            written.push(chunk);
            writtenTotal += chunk.length;
            const ok = inflater.write(chunk);
            chunk = null;
            if (!ok) {
              await new Promise<void>((resolve) => {
                const done = () => {
                  inflater.off("drain", done);
                  inflater.off("end", done);
                  inflater.off("close", done);
                  resolve();
                };
                inflater.on("drain", done);
                inflater.on("end", done);
                inflater.on("close", done);
              });
            }
          }
        } catch (e) {
          writeError = e;
          inflater.destroy(e as Error);
        }
      })();
      let crc = 0;
      let size = 0;
      try {
        for await (const out of inflater) {
          const u = out as Uint8Array;
          crc = zlib.crc32(u, crc);
          size += u.length;
          yield u;
        }
      } catch (e) {
        const msg = (e as Error).message;
        throw new GzipFormatError(
          msg.includes("unexpected end") ? "gzip stream is truncated" : `corrupt gzip data: ${msg}`,
        );
      } finally {
        if (!inflater.destroyed) inflater.destroy();
        await pump;
      }
      if (writeError) throw writeError;
      // what the inflater did not consume starts with the 8-byte trailer
      const consumed = inflater.bytesWritten;
      let leftover = writtenTotal - consumed;
      const tail: Uint8Array[] = [];
      for (let i = written.length - 1; i >= 0 && leftover > 0; i--) {
        const c = written[i];
        const n = Math.min(leftover, c.length);
        tail.unshift(c.subarray(c.length - n));
        leftover -= n;
      }
      pending = _concat(tail);
      const trailer = await _take(src, pending, 8);
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

/** Takes `n` bytes, first from `pending`, then from the source. */
async function _take(
  src: ByteSource,
  pending: Uint8Array | null,
  n: number,
): Promise<{ bytes: Uint8Array; rest: Uint8Array | null }> {
  if (pending && pending.length >= n) {
    return { bytes: pending.subarray(0, n), rest: pending.subarray(n) };
  }
  const have = pending?.length ?? 0;
  const more = await src.readExact(n - have);
  return { bytes: have ? _concat([pending!, more]) : more, rest: null };
}

function _concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
