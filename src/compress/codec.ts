/**
 * Compressors and decompressors for every format, as async byte-stream transforms.
 * gzip, zstd and brotli run in-process on node:zlib; xz and bzip2 go through the system
 * `xz` and `bzip2` programs (streaming, bounded memory, and usable inside a compiled binary).
 * @module
 */
import zlib from "node:zlib";
import { type Format, LEVELS } from "./format.ts";
import { gunzip } from "./gunzip.ts";
import { throughNode } from "./node_stream.ts";
import { compressParallel } from "./parallel.ts";
import type { SeekFrame } from "./seek_table.ts";
import { throughProgram } from "./program_stream.ts";
import { unzstd } from "./unzstd.ts";

/** Options for {@linkcode compress}. */
export interface CompressOptions {
  /** Compression level; the format's default when omitted. */
  level?: number;
  /** A shell command to compress with instead of the built-in codec (GNU tar's -I). */
  program?: string;
  /** Expected input size, used as a hint by brotli. */
  sizeHint?: number;
  /**
   * Compression Workers for gzip and zstd. 1 writes one single stream on the calling
   * thread; 2 or more write independent members/frames (see parallel.ts).
   * @default {1}
   */
  threads?: number;
  /** Stops an external compressor at once when aborted. */
  signal?: AbortSignal;
  /**
   * Called once the stream is done with the size of each independent member or frame, when
   * there are such (parallel gzip and zstd): what a reader needs to fetch some alone.
   */
  onFrames?: (frames: SeekFrame[]) => void;
}

/** Which implementation ran, for the summary (e.g. "node:zlib", "system xz"). */
export function backendOf(format: Format, program?: string, threads = 1): string {
  if (program) return `program: ${program}`;
  if (threads > 1 && _parallel(format)) return `node:zlib, ${threads} threads`;
  switch (format) {
    case "tar":
      return "none";
    case "xz":
    case "bzip2":
      return `system ${format}`;
    default:
      return "node:zlib";
  }
}

const CHUNK = 1 << 16;

function _parallel(format: Format): format is "gzip" | "zstd" {
  return format === "gzip" || format === "zstd";
}

/** Compresses a tar byte stream into `format`. */
export function compress(
  source: AsyncIterable<Uint8Array>,
  format: Format,
  options: CompressOptions = {},
): AsyncIterable<Uint8Array> {
  if (options.program) return throughProgram(source, ["sh", "-c", options.program], options.signal);
  if (format === "tar") return source;
  const level = options.level ?? LEVELS[format].default;
  const threads = options.threads ?? 1;
  if (threads > 1 && _parallel(format)) {
    return compressParallel(source, format, { level, threads, onFrames: options.onFrames });
  }
  switch (format) {
    case "gzip":
      return throughNode(source, zlib.createGzip({ level, chunkSize: CHUNK }));
    case "zstd":
      return throughNode(
        source,
        zlib.createZstdCompress({
          chunkSize: CHUNK,
          params: {
            [zlib.constants.ZSTD_c_compressionLevel]: level,
            [zlib.constants.ZSTD_c_checksumFlag]: 1,
          },
        }),
      );
    case "brotli":
      return throughNode(
        source,
        zlib.createBrotliCompress({
          chunkSize: CHUNK,
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: level,
            ...(options.sizeHint
              ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: options.sizeHint }
              : {}),
          },
        }),
      );
    case "xz":
      return throughProgram(source, xzArgs(level), options.signal);
    case "bzip2":
      return throughProgram(source, ["bzip2", `-${level}`, "-c", "-q"], options.signal);
  }
}

/** The LZMA2 dictionary of each xz preset, 0 to 9, in MiB (xz(1), "Presets"). */
const _XZ_DICT_MIB = [0.25, 1, 2, 4, 4, 8, 8, 16, 32, 64];

/**
 * The xz command for `level`. Threaded xz takes its input in blocks, three dictionaries
 * each by default (24 MiB at -6), and takes no more until a block is done, so progress,
 * counted as bytes fed to it, stood still for half a minute and then jumped. One dictionary
 * per block (at least 1 MiB) keeps every byte of the dictionary useful, makes the steps a
 * third as large, and on a measured text corpus cost 0.9% in size while finishing sooner,
 * since the last blocks spread over the threads better.
 */
export function xzArgs(level: number): string[] {
  const dict = Math.max(1, _XZ_DICT_MIB[level] ?? 8);
  return ["xz", `-${level}`, "-T0", `--block-size=${dict}MiB`, "-c", "-q"];
}

/**
 * Decompresses a stream of `format` back into tar bytes, verifying checksums to the end.
 * `threads` > 1 lets zstd decode independent frames on Workers (see unzstd.ts).
 */
export function decompress(
  source: AsyncIterable<Uint8Array>,
  format: Format,
  program?: string,
  threads = 1,
): AsyncIterable<Uint8Array> {
  if (program) return throughProgram(source, ["sh", "-c", `${program} -d`]);
  switch (format) {
    case "tar":
      return source;
    case "gzip":
      return gunzip(source);
    case "zstd":
      return unzstd(source, { threads });
    case "brotli":
      return throughNode(source, zlib.createBrotliDecompress({ chunkSize: CHUNK }));
    case "xz":
      return throughProgram(source, ["xz", "-d", "-c", "-q", "-T0"]);
    case "bzip2":
      return throughProgram(source, ["bzip2", "-d", "-c", "-q"]);
  }
}
