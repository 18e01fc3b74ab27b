/**
 * A zstd reader for multi-frame streams: every frame is decoded (node:zlib's decoder stops
 * after the first), skippable frames are skipped, and anything else after a frame is an
 * error, as with `zstd -d`.
 * @module
 */
import zlib from "node:zlib";
import { ByteSource } from "../tar/byte_source.ts";
import { decodeMember, take } from "./_member.ts";

/** Thrown for a corrupt or truncated zstd stream. */
export class ZstdFormatError extends Error {
  override name = "ZstdFormatError";
}

/** Decompresses a zstd stream of one or more frames. */
export async function* unzstd(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const src = new ByteSource(source);
  let pending: Uint8Array | null = null;
  let frames = 0;
  try {
    while (true) {
      const magic = await take(src, pending, 4);
      if (magic.bytes.length === 0) {
        if (frames === 0) throw new ZstdFormatError("empty zstd stream");
        return;
      }
      if (magic.bytes.length < 4) throw new ZstdFormatError("zstd stream is truncated");
      const m = magic.bytes;
      if ((m[0] & 0xf0) === 0x50 && m[1] === 0x2a && m[2] === 0x4d && m[3] === 0x18) {
        const len = await take(src, magic.rest, 4);
        if (len.bytes.length < 4) throw new ZstdFormatError("zstd skippable frame is truncated");
        const n =
          (len.bytes[0] | (len.bytes[1] << 8) | (len.bytes[2] << 16) | (len.bytes[3] << 24)) >>> 0;
        const skipped = await take(src, len.rest, n);
        if (skipped.bytes.length < n) {
          throw new ZstdFormatError("zstd skippable frame is truncated");
        }
        pending = skipped.rest;
        frames++;
        continue;
      }
      if (!(m[0] === 0x28 && m[1] === 0xb5 && m[2] === 0x2f && m[3] === 0xfd)) {
        throw new ZstdFormatError(
          frames ? "unknown data after the last zstd frame" : "not a zstd stream",
        );
      }
      frames++;
      const frame = decodeMember(
        src,
        _prepend(m, magic.rest),
        zlib.createZstdDecompress({ chunkSize: 1 << 16 }),
      );
      while (true) {
        let r: IteratorResult<Uint8Array, Uint8Array>;
        try {
          r = await frame.next();
        } catch (e) {
          throw new ZstdFormatError(`corrupt or truncated zstd data: ${(e as Error).message}`);
        }
        if (r.done) {
          pending = r.value;
          break;
        }
        yield r.value;
      }
    }
  } finally {
    await src.cancel();
  }
}

function _prepend(head: Uint8Array, rest: Uint8Array | null): Uint8Array {
  if (!rest || rest.length === 0) return head;
  const out = new Uint8Array(head.length + rest.length);
  out.set(head);
  out.set(rest, head.length);
  return out;
}
