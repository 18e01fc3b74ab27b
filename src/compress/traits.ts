/**
 * What the stages before a compressor need to know of it, in one place: whether it is done
 * with each chunk before it asks for the next, whether it keeps every core busy, and
 * whether it must be told the input size first.
 * @module
 */
import type { Format } from "./format.ts";

/** A compressor's traits, as the tar encoder and the planner see them. */
export interface CompressorTraits {
  /**
   * Done with each chunk before it pulls the next, so the encoder may reuse its buffers:
   * the sink, the block compressors and programs are; a single-stream node:zlib codec keeps
   * references.
   */
  releasesChunks: boolean;
  /** Keeps every core busy on its own (parallel gzip/zstd, or xz -T0). */
  usesEveryCore: boolean;
  /** Wants the whole input's size before the first byte (brotli's size hint). */
  wantsSize: boolean;
}

/**
 * The traits of `format` (through `program`, when one is given) at `threads` threads.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compressorTraits } from "./traits.ts";
 * assert.ok(compressorTraits("brotli").wantsSize);
 * assert.ok(compressorTraits("zstd", undefined, 2).releasesChunks);
 * ```
 */
export function compressorTraits(format: Format, program?: string, threads = 1): CompressorTraits {
  const parallel = threads > 1 && (format === "gzip" || format === "zstd");
  return {
    releasesChunks: !!program || format === "tar" || format === "xz" || format === "bzip2" ||
      parallel,
    usesEveryCore: !program && (format === "xz" ||
      (threads >= (navigator.hardwareConcurrency || 1) &&
        (format === "gzip" || format === "zstd"))),
    wantsSize: !program && format === "brotli",
  };
}
