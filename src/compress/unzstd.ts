/**
 * A zstd reader for multi-frame streams: every frame is decoded (node:zlib's decoder stops
 * after the first), skippable frames are skipped, and anything else after a frame is an
 * error, as with `zstd -d`. Frame boundaries come from the frame structure itself
 * (zstd_frame.ts), so each frame's bytes go to the decoder exactly and a frame cut short
 * is reported as truncated. Frame checksums are verified.
 * @module
 */
import zlib from "node:zlib";
import { ByteSource } from "../tar/byte_source.ts";
import { decodeMember, relabelErrors, take } from "./_member.ts";
import { ZstdFrameError, ZstdFrameScanner } from "./zstd_frame.ts";
import { type SyncHandle, syncHandle } from "./zlib_handle.ts";

const OUT_CHUNK = 1 << 17;

/** Thrown for a corrupt or truncated zstd stream. */
export class ZstdFormatError extends Error {
  override name = "ZstdFormatError";
}

/** Decompresses a zstd stream of one or more frames. */
export async function* unzstd(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // one decoder for every frame: a zstd context holds a window as large as the frame's
  // (megabytes, outside the JS heap), so a new one per frame would pile up until a GC
  const handle = syncHandle(zlib.createZstdDecompress());
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
      pending = yield* _frame(src, _prepend(m, magic.rest), handle);
    }
  } finally {
    await src.cancel();
  }
}

/** Decodes one frame starting with `head`; returns the bytes read past its end. */
async function* _frame(
  src: ByteSource,
  head: Uint8Array,
  handle: SyncHandle | null,
): AsyncGenerator<Uint8Array, Uint8Array> {
  if (!handle) return yield* _frameByStream(src, head, zlib.createZstdDecompress());
  handle.reset();
  const scanner = new ZstdFrameScanner();
  let input: Uint8Array = head;
  while (true) {
    if (input.length === 0) {
      input = await src.readSome(1 << 20);
      if (input.length === 0) throw new ZstdFormatError("zstd stream is truncated");
    }
    let n: number;
    try {
      n = scanner.feed(input);
    } catch (e) {
      if (e instanceof ZstdFrameError) throw new ZstdFormatError(`corrupt zstd data: ${e.message}`);
      throw e;
    }
    let piece = input.subarray(0, n);
    const rest = input.subarray(n);
    // decode this frame's bytes; keep going while the decoder fills whole chunks
    while (true) {
      const out = new Uint8Array(OUT_CHUNK);
      let r;
      try {
        r = handle.write(zlib.constants.ZSTD_e_continue, piece, out);
      } catch (e) {
        throw new ZstdFormatError(`corrupt zstd data: ${(e as Error).message}`);
      }
      piece = piece.subarray(r.consumed);
      if (r.produced > 0) yield out.subarray(0, r.produced);
      if (r.produced < out.length && piece.length === 0) break;
      if (r.produced === 0 && r.consumed === 0) {
        throw new ZstdFormatError("corrupt zstd data: the decoder made no progress");
      }
    }
    if (scanner.done) return rest;
    input = rest;
  }
}

/** The stream-based fallback for runtimes whose node:zlib exposes no handle. */
async function* _frameByStream(
  src: ByteSource,
  head: Uint8Array,
  engine: ReturnType<typeof zlib.createZstdDecompress>,
): AsyncGenerator<Uint8Array, Uint8Array> {
  return yield* relabelErrors(
    decodeMember(src, head, engine),
    (e) => new ZstdFormatError(`corrupt or truncated zstd data: ${(e as Error).message}`),
  );
}

function _prepend(head: Uint8Array, rest: Uint8Array | null): Uint8Array {
  if (!rest || rest.length === 0) return head;
  const out = new Uint8Array(head.length + rest.length);
  out.set(head);
  out.set(rest, head.length);
  return out;
}
