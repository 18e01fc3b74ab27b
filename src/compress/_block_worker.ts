/**
 * The Worker that compresses one block into one complete gzip member or zstd frame:
 * typed functions, shipped as source by src/workers/worker_source.ts, so it works
 * unchanged under `deno run` (local or remote), in `dist/tarz.js` and inside a compiled
 * binary, none of which can rely on a worker file existing beside the running module.
 *
 * Blocks travel in SharedArrayBuffer slots owned by the pool, so neither side allocates
 * a buffer per block: the worker reads `length` bytes of `input` and compresses straight
 * into `output` through the node:zlib engine's handle (`writeSync` into a given buffer,
 * as node:zlib's own sync API does internally). Where that handle is missing it falls back
 * to `gzipSync`/`zstdCompressSync` and a copy. Only a result larger than its slot
 * (impossible within zlib's and zstd's bounds, but handled) travels as a new buffer.
 * @module
 */
import { type WorkerScope, workerSource } from "../workers/worker_source.ts";

/**
 * Request: `{ seq, input, length, output, format: "gzip" | "zstd" | "unzstd", level }` with
 * `input` and `output` SharedArrayBuffers; reply: `{ seq, length }`, `{ seq, spill }`,
 * `{ seq, tooLarge: true }` (decoding: the frame holds more than the output slot) or
 * `{ seq, error }`. "unzstd" decodes one complete zstd frame, checksum included.
 */
export function blockWorkerMain(
  self: WorkerScope,
  h: BlockWorkerHelpers,
  m: { zlib: _Zlib },
): void {
  const bw: BlockWorkerState = { engine: undefined, decoder: undefined };
  self.onmessage = (event: MessageEvent<BlockRequest>) => {
    const { seq, input, length, output, format, level } = event.data;
    try {
      const data = new Uint8Array(input, 0, length);
      const slot = new Uint8Array(output);
      if (format === "unzstd") {
        const n = h.decompressInto(bw, m.zlib, data, slot);
        return self.postMessage(n === -2 ? { seq, tooLarge: true } : { seq, length: n });
      }
      const n = h.compressInto(bw, m.zlib, format, level, data, slot, h);
      if (n >= 0) return self.postMessage({ seq, length: n });
      const out = h.compressCopy(m.zlib, format, level, data);
      if (out.length <= slot.length) {
        slot.set(out);
        self.postMessage({ seq, length: out.length });
      } else {
        const spill = new Uint8Array(out);
        self.postMessage({ seq, spill }, [spill.buffer]);
      }
    } catch (error) {
      bw.engine = undefined;
      bw.decoder = undefined;
      self.postMessage({ seq, error: String((error as Error)?.message ?? error) });
    }
  };
}

type _Zlib = typeof import("node:zlib");

/** One block to compress, or a frame to decode ("unzstd"). */
export interface BlockRequest {
  seq: number;
  input: SharedArrayBuffer;
  length: number;
  output: SharedArrayBuffer;
  format: "gzip" | "zstd" | "unzstd";
  level: number;
}

/** A node:zlib engine with the internals the worker drives. */
// deno-lint-ignore no-explicit-any
type _Engine = any;

/** One reusable compressor and decoder per worker (format and level are fixed per pool). */
export interface BlockWorkerState {
  engine: _Engine;
  decoder: _Engine;
}

/** The helpers the block worker gets with its source. */
export interface BlockWorkerHelpers {
  makeEngine: typeof makeEngine;
  compressInto: typeof compressInto;
  decompressInto: typeof decompressInto;
  compressCopy: typeof compressCopy;
}

/** A gzip or zstd compressor at `level` (zstd with its checksum). */
export function makeEngine(zlib: _Zlib, format: string, level: number): _Engine {
  const C = zlib.constants;
  return format === "gzip" ? zlib.createGzip({ level }) : zlib.createZstdCompress({
    params: { [C.ZSTD_c_compressionLevel]: level, [C.ZSTD_c_checksumFlag]: 1 },
  });
}

/**
 * Compresses `data` straight into `out` through the engine's handle: no allocation per
 * block, so the worker makes no garbage. Returns -1 when that is not possible.
 */
export function compressInto(
  bw: BlockWorkerState,
  zlib: _Zlib,
  format: string,
  level: number,
  data: Uint8Array,
  out: Uint8Array,
  h: BlockWorkerHelpers,
): number {
  const C = zlib.constants;
  bw.engine ??= h.makeEngine(zlib, format, level);
  const handle = bw.engine._handle;
  const state = bw.engine._writeState;
  if (typeof handle?.writeSync !== "function" || !(state instanceof Uint32Array)) return -1;
  handle.reset();
  const flush = format === "gzip" ? C.Z_FINISH : C.ZSTD_e_end;
  handle.writeSync(flush, data, 0, data.length, out, 0, out.length);
  const [availOut, availIn] = state;
  return availOut > 0 && availIn === 0 ? out.length - availOut : -1;
}

/** Decodes one whole zstd frame into `out`; -2 when it does not fit. */
export function decompressInto(
  bw: BlockWorkerState,
  zlib: _Zlib,
  data: Uint8Array,
  out: Uint8Array,
): number {
  const C = zlib.constants;
  bw.decoder ??= zlib.createZstdDecompress();
  const handle = bw.decoder._handle;
  const state = bw.decoder._writeState;
  if (typeof handle?.writeSync !== "function" || !(state instanceof Uint32Array)) {
    throw new Error("this runtime's node:zlib has no zstd handle");
  }
  let failure: string | null = null;
  handle.onerror = (message: string) => {
    failure ??= message;
  };
  handle.reset();
  // the decoder may stop before the frame's last bytes (its checksum, which it checks on
  // the next call): call again until it has taken them all, or the slot is full
  let inOff = 0;
  let outOff = 0;
  for (;;) {
    handle.writeSync(
      C.ZSTD_e_continue,
      data,
      inOff,
      data.length - inOff,
      out,
      outOff,
      out.length - outOff,
    );
    if (failure) throw new Error(failure);
    const [availOut, availIn] = state;
    const consumed = data.length - inOff - availIn;
    const produced = out.length - outOff - availOut;
    inOff += consumed;
    outOff += produced;
    if (outOff === out.length) return -2; // full: the frame may hold more than the slot
    if (inOff === data.length) return outOff;
    if (consumed === 0 && produced === 0) throw new Error("the decoder made no progress");
  }
}

/** The public API, where the handle can't be had: one new buffer per block. */
export function compressCopy(
  zlib: _Zlib,
  format: string,
  level: number,
  data: Uint8Array,
): Uint8Array {
  const C = zlib.constants;
  return format === "gzip" ? zlib.gzipSync(data, { level }) : zlib.zstdCompressSync(data, {
    params: { [C.ZSTD_c_compressionLevel]: level, [C.ZSTD_c_checksumFlag]: 1 },
  });
}

/** The block worker's source text, for {@linkcode spawnWorker}. */
export const BLOCK_WORKER_SOURCE: string = workerSource(
  blockWorkerMain,
  { makeEngine, compressInto, decompressInto, compressCopy },
  { zlib: "node:zlib" },
);
