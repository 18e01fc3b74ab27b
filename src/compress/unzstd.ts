/**
 * A zstd reader for multi-frame streams: every frame is decoded (node:zlib's decoder stops
 * after the first), skippable frames are skipped, and anything else after a frame is an
 * error, as with `zstd -d`. Frame boundaries come from the frame structure itself
 * (zstd_frame.ts), so each frame's bytes go to the decoder exactly and a frame cut short
 * is reported as truncated. Frame checksums are verified.
 *
 * With `threads` > 1, frames after the first are decoded on Workers, several at a time, and
 * yielded in order: the archives tarz writes with `--threads` are made of 6 MiB frames,
 * which decode in parallel this way. A frame goes to a worker when its compressed bytes fit
 * a slot; one whose content turns out larger than the output slot (a single-frame stream,
 * or a bomb) is decoded here instead, streaming, so memory stays bounded either way.
 * @module
 */
import zlib from "node:zlib";
import { ByteSource } from "../io/byte_source.ts";
import { decodeMember, relabelErrors, take } from "./_member.ts";
import { ZstdFrameError, ZstdFrameScanner } from "./zstd_frame.ts";
import { type SyncHandle, syncHandle } from "./zlib_handle.ts";
import { outputBound, OutputTooLargeError, WorkerPool } from "./worker_pool.ts";
import { BLOCK_SIZE } from "./block_size.ts";

const OUT_CHUNK = 1 << 17;
// frames smaller than this (compressed) are decoded here even when workers run: many tiny
// frames would otherwise cost a message round trip each
const MIN_WORKER_FRAME = 64 << 10;

/** Thrown for a corrupt or truncated zstd stream. */
export class ZstdFormatError extends Error {
  override name = "ZstdFormatError";
}

let _handleDecodes: boolean | undefined;

/**
 * Whether {@linkcode unzstd} holds at most the previous input chunk while it reads the next
 * (so a reader may reuse input buffers). True where node:zlib exposes its handle, as in
 * Deno 2.9; the stream-based fallback keeps chunks the decoder has not consumed yet.
 */
export function unzstdReleasesInput(): boolean {
  _handleDecodes ??= syncHandle(zlib.createZstdDecompress()) !== null;
  return _handleDecodes;
}

/** Options for {@linkcode unzstd}. */
export interface UnzstdOptions {
  /**
   * Threads to decode with, the calling one included: it parses what the others decode,
   * so 2 means one Worker. 1 decodes everything on the calling thread.
   * @default {1}
   */
  threads?: number;
  /** Largest frame content a worker decodes; tests use small ones. */
  frameLimit?: number;
}

/**
 * Decompresses a zstd stream of one or more frames. Each chunk it yields stays intact while
 * the next one is read (the tar reader may hold one chunk back), not longer.
 */
export async function* unzstd(
  source: AsyncIterable<Uint8Array>,
  options: UnzstdOptions = {},
): AsyncGenerator<Uint8Array> {
  const d = new _Decoder(source, options);
  try {
    while (true) {
      const m = await d.magic();
      if (m === null) break;
      if (_isSkippable(m)) await d.skipFrame(m);
      else if (m[0] === 0x28 && m[1] === 0xb5 && m[2] === 0x2f && m[3] === 0xfd) {
        yield* d.dataFrame(m);
      } else {
        throw new ZstdFormatError(
          d.frames ? "unknown data after the last zstd frame" : "not a zstd stream",
        );
      }
    }
    yield* d.drain();
  } catch (e) {
    // damage found further on: the frames before it are still delivered, in order
    if (!d.decodeFailed) yield* d.drain();
    throw e;
  } finally {
    await d.close();
  }
}

/** Whether `m` starts a skippable frame (0x184D2A50 to 0x184D2A5F, little-endian). */
function _isSkippable(m: Uint8Array): boolean {
  return (m[0] & 0xf0) === 0x50 && m[1] === 0x2a && m[2] === 0x4d && m[3] === 0x18;
}

/**
 * The state of one stream's decoding: the frames are parsed here, and decoded here or by
 * the workers of a pool, while the outputs are handed out in order.
 */
class _Decoder {
  // one decoder for every frame: a zstd context holds a window as large as the frame's
  // (megabytes, outside the JS heap), so a new one per frame would pile up until a GC
  readonly handle = syncHandle(zlib.createZstdDecompress());
  readonly src: ByteSource;
  /** This thread parses and writes what the workers decode: one fewer worker than threads. */
  readonly workers: number;
  readonly limit: number;
  pool: WorkerPool | null = null;
  readonly jobs: Promise<Uint8Array>[] = [];
  /** Outputs the consumer may still be reading. */
  readonly held: Uint8Array[] = [];
  decodeFailed = false;
  pending: Uint8Array | null = null;
  /** Frames seen, skippable ones included. */
  frames = 0;
  dataFrames = 0;

  constructor(source: AsyncIterable<Uint8Array>, options: UnzstdOptions) {
    this.src = new ByteSource(source);
    this.workers = this.handle ? (options.threads ?? 1) - 1 : 0;
    this.limit = options.frameLimit ?? BLOCK_SIZE.zstd;
  }

  /** The next frame's first four bytes, or null at the end of the stream. */
  async magic(): Promise<Uint8Array | null> {
    // looked at in place: a stream of tiny frames must not copy the rest of its chunk
    // once per frame
    const m: Uint8Array = this.pending && this.pending.length >= 4
      ? this.pending
      : (await take(this.src, this.pending, 4)).bytes;
    if (m.length === 0) {
      if (this.frames === 0) throw new ZstdFormatError("empty zstd stream");
      return null;
    }
    if (m.length < 4) throw new ZstdFormatError("zstd stream is truncated");
    return m;
  }

  /** Passes over a skippable frame that starts with `m`. */
  async skipFrame(m: Uint8Array): Promise<void> {
    const len = await take(this.src, m.subarray(4), 4);
    if (len.bytes.length < 4) throw new ZstdFormatError("zstd skippable frame is truncated");
    const n = (len.bytes[0] | (len.bytes[1] << 8) | (len.bytes[2] << 16) | (len.bytes[3] << 24)) >>>
      0;
    const skipped = await take(this.src, len.rest, n);
    if (skipped.bytes.length < n) throw new ZstdFormatError("zstd skippable frame is truncated");
    this.pending = skipped.rest;
    this.frames++;
  }

  /** Decodes a data frame that starts with `head`: here, or queued for a worker. */
  async *dataFrame(head: Uint8Array): AsyncGenerator<Uint8Array> {
    this.frames++;
    this.dataFrames++;
    if (this.workers < 1 || this.dataFrames === 1) {
      // the first frame is decoded here: a single-frame stream never starts a worker
      yield* this.drain();
      this.pending = yield* _frame(this.src, head, this.handle);
      return;
    }
    // slots: per worker a frame decoding, and the frame being read in; outputs for the
    // frames decoding and the two the consumer may still hold. While this thread works
    // through one frame's tar data, the workers decode the next ones.
    const pool = this.pool ??= new WorkerPool(this.workers, "unzstd", 0, this.limit, {
      input: outputBound(this.limit),
      output: this.limit + 1, // a frame that fills the slot may hold more: decoded here
      outputs: this.workers + 2,
    });
    const slot = pool.input();
    const collected = await _collect(this.src, head, slot);
    if (!collected.fits) {
      pool.returnInput(slot);
      yield* this.drain();
      this.pending = yield* _frame(this.src, collected.head, this.handle);
      return;
    }
    this.pending = collected.rest;
    if (collected.frame.length < MIN_WORKER_FRAME) {
      // a small frame costs a worker more in messages than in decoding: decode it here
      yield* this.drain();
      yield* this.#decodeHere(collected.frame);
      return;
    }
    const job = pool.run(collected.frame);
    job.catch(() => {}); // awaited in order by #emit; this only silences early rejections
    this.jobs.push(job);
    while (this.jobs.length > this.workers) yield* this.#emit();
  }

  /** Yields every queued frame's output, in order. */
  async *drain(): AsyncGenerator<Uint8Array> {
    while (this.jobs.length) yield* this.#emit();
  }

  /** Yields the oldest decoded frame; outputs go back to the pool two yields later. */
  async *#emit(): AsyncGenerator<Uint8Array> {
    let out: Uint8Array;
    try {
      out = await this.jobs.shift()!;
    } catch (e) {
      if (!(e instanceof OutputTooLargeError)) {
        this.decodeFailed = true;
        throw new ZstdFormatError(`corrupt zstd data: ${(e as Error).message}`);
      }
      // more content than a slot holds: decode it here, streaming
      yield* this.#decodeHere(e.input);
      return;
    }
    this.held.push(out);
    if (this.held.length > 2) this.pool!.release(this.held.shift()!);
    yield out;
  }

  /** Decodes a frame in an input slot on this thread, then gives the slot back. */
  *#decodeHere(frame: Uint8Array): Generator<Uint8Array> {
    this.handle!.reset();
    yield* _run(this.handle!, frame);
    this.pool!.returnInput(frame);
  }

  async close(): Promise<void> {
    this.pool?.close();
    await this.src.cancel();
  }
}

/**
 * Reads one frame starting with `head` into `slot`. Returns the frame and the bytes read
 * past its end, or, when it is larger than the slot, everything read so far as `head`.
 */
async function _collect(
  src: ByteSource,
  head: Uint8Array,
  slot: Uint8Array,
): Promise<
  { fits: true; frame: Uint8Array; rest: Uint8Array } | { fits: false; head: Uint8Array }
> {
  const scanner = new ZstdFrameScanner();
  let filled = 0;
  let input = head;
  while (true) {
    if (input.length === 0) {
      input = await src.readSome(1 << 20);
      if (input.length === 0) throw new ZstdFormatError("zstd stream is truncated");
    }
    const n = _scan(scanner, input);
    if (filled + n > slot.length) {
      const all = new Uint8Array(filled + input.length);
      all.set(slot.subarray(0, filled));
      all.set(input, filled);
      return { fits: false, head: all };
    }
    slot.set(input.subarray(0, n), filled);
    filled += n;
    if (scanner.done) {
      return { fits: true, frame: slot.subarray(0, filled), rest: input.subarray(n) };
    }
    input = input.subarray(n);
  }
}

function _scan(scanner: ZstdFrameScanner, input: Uint8Array): number {
  try {
    return scanner.feed(input);
  } catch (e) {
    if (e instanceof ZstdFrameError) throw new ZstdFormatError(`corrupt zstd data: ${e.message}`);
    throw e;
  }
}

// the output chunk being filled: a new one only once one was handed out, so frames that
// produce nothing (a stream of empty frames) allocate nothing
let _out = new Uint8Array(OUT_CHUNK);

/** Feeds `input`, bytes of the current frame, to the decoder, yielding what it produces. */
function* _run(handle: SyncHandle, input: Uint8Array): Generator<Uint8Array> {
  let piece = input;
  while (true) {
    const out = _out;
    let r;
    try {
      r = handle.write(zlib.constants.ZSTD_e_continue, piece, out);
    } catch (e) {
      throw new ZstdFormatError(`corrupt zstd data: ${(e as Error).message}`);
    }
    piece = piece.subarray(r.consumed);
    if (r.produced > 0) {
      _out = new Uint8Array(OUT_CHUNK);
      yield out.subarray(0, r.produced);
    }
    if (r.produced < out.length && piece.length === 0) return;
    if (r.produced === 0 && r.consumed === 0) {
      throw new ZstdFormatError("corrupt zstd data: the decoder made no progress");
    }
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
    const n = _scan(scanner, input);
    const rest = input.subarray(n);
    // decode this frame's bytes; keep going while the decoder fills whole chunks
    yield* _run(handle, input.subarray(0, n));
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
