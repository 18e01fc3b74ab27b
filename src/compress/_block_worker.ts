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
 * Request: `{ seq, input, length, output, format: "gzip" | "zstd", level }` with `input`
 * and `output` SharedArrayBuffers; reply: `{ seq, length }`, `{ seq, spill }` or
 * `{ seq, error }`.
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
    self.postMessage({ seq, error: String(error?.message ?? error) });
  }
};
`;
