/**
 * The source of the Worker that compresses one block into one complete gzip member or
 * zstd frame. It is kept as text and started from a `blob:` URL, so it works unchanged
 * under `deno run` (local or remote), in `dist/tarz.js` and inside a compiled binary,
 * none of which can rely on a worker file existing beside the running module.
 *
 * Blocks travel in SharedArrayBuffer slots owned by the pool, so neither side allocates
 * a buffer per block: the worker reads `length` bytes of `input` and compresses straight
 * into `output` through the node:zlib engine's handle (`writeSync` into a given buffer,
 * as node:zlib's own sync API does internally). Where that handle is missing it falls back
 * to `gzipSync`/`zstdCompressSync` and a copy. Only a result larger than its slot
 * (impossible within zlib's and zstd's bounds, but handled) travels as a new buffer.
 * @module
 */

/**
 * Request: `{ seq, input, length, output, format: "gzip" | "zstd" | "unzstd", level }` with
 * `input` and `output` SharedArrayBuffers; reply: `{ seq, length }`, `{ seq, spill }`,
 * `{ seq, tooLarge: true }` (decoding: the frame holds more than the output slot) or
 * `{ seq, error }`. "unzstd" decodes one complete zstd frame, checksum included.
 */
export const BLOCK_WORKER_SOURCE = `
import zlib from "node:zlib";
const C = zlib.constants;
let engine; // one reusable compressor per worker (format and level are fixed per pool)

function makeEngine(format, level) {
  return format === "gzip"
    ? zlib.createGzip({ level })
    : zlib.createZstdCompress({
      params: { [C.ZSTD_c_compressionLevel]: level, [C.ZSTD_c_checksumFlag]: 1 },
    });
}

// Compresses straight into the output slot through the engine's handle: no allocation
// per block, so the worker makes no garbage. Returns -1 when that is not possible.
function compressInto(format, level, data, out) {
  engine ??= makeEngine(format, level);
  const handle = engine._handle;
  const state = engine._writeState;
  if (typeof handle?.writeSync !== "function" || !(state instanceof Uint32Array)) return -1;
  handle.reset();
  const flush = format === "gzip" ? C.Z_FINISH : C.ZSTD_e_end;
  handle.writeSync(flush, data, 0, data.length, out, 0, out.length);
  const [availOut, availIn] = state;
  return availOut > 0 && availIn === 0 ? out.length - availOut : -1;
}

// Decodes one whole zstd frame into the output slot; -2 when it does not fit.
let decoder;
function decompressInto(data, out) {
  decoder ??= zlib.createZstdDecompress();
  const handle = decoder._handle;
  const state = decoder._writeState;
  if (typeof handle?.writeSync !== "function" || !(state instanceof Uint32Array)) {
    throw new Error("this runtime's node:zlib has no zstd handle");
  }
  let failure = null;
  handle.onerror = (message) => {
    failure ??= message;
  };
  handle.reset();
  // the decoder may stop before the frame's last bytes (its checksum, which it checks on
  // the next call): call again until it has taken them all, or the slot is full
  let inOff = 0;
  let outOff = 0;
  for (;;) {
    handle.writeSync(C.ZSTD_e_continue, data, inOff, data.length - inOff, out, outOff, out.length - outOff);
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

// The public API: one new buffer per block.
function compressCopy(format, level, data) {
  return format === "gzip"
    ? zlib.gzipSync(data, { level })
    : zlib.zstdCompressSync(data, {
      params: { [C.ZSTD_c_compressionLevel]: level, [C.ZSTD_c_checksumFlag]: 1 },
    });
}

self.onmessage = (event) => {
  const { seq, input, length, output, format, level } = event.data;
  try {
    const data = new Uint8Array(input, 0, length);
    const slot = new Uint8Array(output);
    if (format === "unzstd") {
      const n = decompressInto(data, slot);
      return self.postMessage(n === -2 ? { seq, tooLarge: true } : { seq, length: n });
    }
    const n = compressInto(format, level, data, slot);
    if (n >= 0) return self.postMessage({ seq, length: n });
    const out = compressCopy(format, level, data);
    if (out.length <= slot.length) {
      slot.set(out);
      self.postMessage({ seq, length: out.length });
    } else {
      const spill = new Uint8Array(out);
      self.postMessage({ seq, spill }, [spill.buffer]);
    }
  } catch (error) {
    engine = undefined;
    decoder = undefined;
    self.postMessage({ seq, error: String(error?.message ?? error) });
  }
};
`;
