/**
 * Parallel gzip and zstd: the tar stream is cut into fixed-size blocks, each compressed on
 * a Worker into an independent gzip member or zstd frame, and written in input order.
 * Concatenated members/frames are one valid stream for `gzip -d`, `zstd -d`, GNU tar,
 * bsdtar and tarz. Block boundaries depend only on the byte count, never on timing or the
 * thread count, so the output is byte-identical for every thread count of 2 or more. zstd
 * output ends with a seek table (seek_table.ts), which makes it zstd's seekable format.
 * A stream shorter than one block is compressed on this thread, as a worker would: starting
 * each Worker blocks this thread for about 37 ms, longer than compressing the block.
 * @module
 */
import * as zlib from "node:zlib";
import { type BlockFormat, outputBound, WorkerPool } from "./worker_pool.ts";
import {
  type BlockWorkerState,
  compressCopy,
  compressInto,
  decompressInto,
  makeEngine,
} from "./_block_worker.ts";
import { concatBytes } from "../util/bytes.ts";
import { BLOCK_SIZE } from "./block_size.ts";
import { encodeSeekTable, type SeekFrame } from "./seek_table.ts";

export { BLOCK_SIZE };

/**
 * Cuts a byte stream into blocks of exactly `size` bytes (the last may be shorter).
 * `allocate` supplies each block's buffer, so callers can recycle them.
 */
export async function* rechunk(
  source: AsyncIterable<Uint8Array>,
  size: number,
  allocate: (size: number) => Uint8Array = (n) => new Uint8Array(n),
): AsyncGenerator<Uint8Array> {
  let block = allocate(size);
  let filled = 0;
  for await (let chunk of source) {
    while (chunk.length > 0) {
      const n = Math.min(size - filled, chunk.length);
      block.set(chunk.subarray(0, n), filled);
      filled += n;
      chunk = chunk.subarray(n);
      if (filled === size) {
        yield block;
        block = allocate(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield block.subarray(0, filled);
}

/** Options for {@linkcode compressParallel}. */
export interface ParallelOptions {
  level: number;
  threads: number;
  /** Overrides {@linkcode BLOCK_SIZE}; tests use small blocks. */
  blockSize?: number;
  /** Called at the end with each member's or frame's sizes. */
  onFrames?: (frames: SeekFrame[]) => void;
}

/** Compresses `source` on `threads` Workers, yielding the members/frames in order. */
export async function* compressParallel(
  source: AsyncIterable<Uint8Array>,
  format: BlockFormat,
  options: ParallelOptions,
): AsyncGenerator<Uint8Array> {
  const blockSize = options.blockSize ?? BLOCK_SIZE[format];
  const it = source[Symbol.asyncIterator]();
  const head = await _head(it, blockSize);
  if (head.ended) {
    const data = concatBytes(head.chunks);
    const frames = data.length ? [{ compressed: 0, decompressed: data.length }] : [];
    if (data.length) {
      const out = _compressHere(format, options.level, data);
      frames[0].compressed = out.length;
      yield out;
    }
    if (format === "zstd" && frames.length) yield encodeSeekTable(frames);
    options.onFrames?.(frames);
    return;
  }
  yield* _onWorkers(_resumed(head.chunks, it), format, options, blockSize);
}

/** The first chunks of `it` (copies), up to `size` bytes; `ended` when that was all of it. */
async function _head(
  it: AsyncIterator<Uint8Array>,
  size: number,
): Promise<{ chunks: Uint8Array[]; ended: boolean }> {
  const chunks: Uint8Array[] = [];
  for (let bytes = 0; bytes < size;) {
    const r = await it.next();
    if (r.done) return { chunks, ended: true };
    chunks.push(r.value.slice()); // the producer may reuse it once the next is asked for
    bytes += r.value.length;
  }
  return { chunks, ended: false };
}

/** `head`, then the rest of `it`. */
async function* _resumed(
  head: Uint8Array[],
  it: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  try {
    yield* head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  } finally {
    await it.return?.();
  }
}

/** One block compressed on this thread, by the same code as a worker's. */
function _compressHere(format: BlockFormat, level: number, data: Uint8Array): Uint8Array {
  const state: BlockWorkerState = { engine: undefined, decoder: undefined };
  const helpers = { makeEngine, compressInto, decompressInto, compressCopy };
  try {
    const out = new Uint8Array(outputBound(data.length));
    const n = compressInto(state, zlib, format, level, data, out, helpers);
    return n >= 0 ? out.subarray(0, n) : compressCopy(zlib, format, level, data);
  } catch (e) {
    throw new Error(`${format} compression failed: ${(e as Error)?.message ?? e}`, { cause: e });
  } finally {
    state.engine?.close?.();
  }
}

/** The blocks of `source` compressed on a pool of Workers, in order. */
async function* _onWorkers(
  source: AsyncIterable<Uint8Array>,
  format: BlockFormat,
  options: ParallelOptions,
  blockSize: number,
): AsyncGenerator<Uint8Array> {
  const pool = new WorkerPool(options.threads, format, options.level, blockSize);
  const pending: { job: Promise<Uint8Array>; size: number }[] = [];
  const frames: SeekFrame[] = [];
  // yields one finished block; its slot is free again once the consumer asks for more
  async function* emit(): AsyncGenerator<Uint8Array> {
    const { job, size } = pending.shift()!;
    const out = await job;
    frames.push({ compressed: out.length, decompressed: size });
    yield out;
    pool.release(out);
  }
  try {
    for await (const block of rechunk(source, blockSize, () => pool.input())) {
      const job = pool.run(block);
      job.catch(() => {}); // awaited in order below; this only silences early rejections
      pending.push({ job, size: block.length });
      while (pending.length > options.threads) yield* emit();
    }
    while (pending.length > 0) yield* emit();
    // zstd's frames are independent: the seek table lets a reader fetch only those it needs
    if (format === "zstd" && frames.length) yield encodeSeekTable(frames);
    options.onFrames?.(frames);
  } finally {
    pool.close();
  }
}
