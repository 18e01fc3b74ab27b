/**
 * Synchronous access to a node:zlib engine's native handle: compress or decompress from
 * one buffer straight into another. node:zlib's own sync API works this way internally;
 * using it directly avoids a buffer per call and, in Deno 2.9, the stream layer, which
 * throws zstd errors (such as a checksum mismatch) as uncaught exceptions instead of
 * emitting them. Errors here, zlib's and zstd's alike, are thrown synchronously from
 * `write`, where the caller can catch them.
 * @module
 */

/** What one {@linkcode SyncHandle.write} call did. */
export interface HandleResult {
  consumed: number;
  produced: number;
}

/** A node:zlib engine's handle, driven synchronously. */
export interface SyncHandle {
  /** Runs the codec over `input` into `output` with the given flush mode. */
  write(flush: number, input: Uint8Array, output: Uint8Array): HandleResult;
  /** Starts a new stream (a new gzip member or zstd frame) with the same settings. */
  reset(): void;
}

interface _NativeHandle {
  onerror?: (message: string, errno: number) => void;
  writeSync(
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
  ): void;
  reset(): void;
}

/**
 * Wraps the handle of a node:zlib engine (from `createGzip`, `createZstdDecompress`,
 * ...), or returns null where the runtime does not expose one.
 */
export function syncHandle(engine: unknown): SyncHandle | null {
  const e = engine as { _handle?: _NativeHandle; _writeState?: unknown };
  const handle = e._handle;
  const state = e._writeState;
  if (typeof handle?.writeSync !== "function" || !(state instanceof Uint32Array)) return null;
  // zlib reports errors through this callback (node:zlib's own one destroys the stream a
  // tick later, which nobody listens to here): keep the error and throw it from write
  let failure: Error | null = null;
  handle.onerror = (message) => {
    failure ??= new Error(message);
  };
  return {
    write(flush, input, output) {
      handle.writeSync(flush, input, 0, input.length, output, 0, output.length);
      if (failure) throw failure;
      return { consumed: input.length - state[1], produced: output.length - state[0] };
    },
    reset() {
      handle.reset();
    },
  };
}
