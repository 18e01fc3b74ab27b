/**
 * Opening an archive for reading: a file or standard input, its compression detected from
 * magic bytes (never from the name), decompressed as a stream with every checksum verified.
 * @module
 */
import { decompress } from "../compress/codec.ts";
import { unzstdReleasesInput } from "../compress/unzstd.ts";
import { throughProgram } from "../compress/program_stream.ts";
import { detectFormat, type Format, isTarStart } from "../compress/format.ts";
import { foreignFormat } from "../compress/signature.ts";
import { ExitCode, TarzError, UsageError } from "../errors.ts";
import { concatBytes } from "../util/bytes.ts";
import { decryptStream, isAge } from "../crypto/age_stream.ts";
import { isRemote, type StorageSettings, storeFor } from "../store/store_for.ts";

/** Thrown when the compressed stream is damaged; names the format and the offset. */
export class CompressedStreamError extends TarzError {
  override name = "CompressedStreamError";
}

/** An archive opened for reading. */
export interface OpenedArchive {
  format: Format | "compress";
  /** Whether it was age-encrypted (and has been decrypted). */
  encrypted: boolean;
  /** Size of the input in bytes, or 0 when unknown (stdin). */
  size: number;
  /** The decompressed tar stream. */
  tar: AsyncIterable<Uint8Array>;
  /** Compressed bytes read so far. */
  bytesRead(): number;
  /** Set when only some members' frames are read (read/seekable_read.ts). */
  seekable?: boolean;
}

const CHUNK = 1 << 20;

/**
 * Opens `path`: a file, "-" for stdin, or a URL such as `s3://bucket/key`, streamed from
 * its first bytes. `program` overrides detection, like tar's -I. An age-encrypted archive
 * needs `identities` (secret keys); it is decrypted, then detected.
 */
export async function openArchive(
  path: string,
  program?: string,
  identities?: string[],
  options: { storage?: StorageSettings } = {},
): Promise<OpenedArchive> {
  let read = 0;
  const input = isRemote(path)
    ? await _remoteInput(path, options.storage)
    : await _localInput(path);
  const size = input.size;
  const raw = (async function* () {
    for await (const c of input.chunks) {
      read += c.length;
      yield c;
    }
  })();
  let [first, rest] = await _peek(raw);
  const encrypted = !program && isAge(first);
  if (encrypted) {
    if (!identities?.length) {
      throw new UsageError(`${path} is encrypted with age`, "give an age identity to read it", {
        remedy: "identity",
      });
    }
    [first, rest] = await _peek(decryptStream(_replay(first, rest), identities, path));
  }
  // Unix compress (.Z) is read-only and goes through gzip -d, as GNU tar does
  const lzw = !program && first[0] === 0x1f && first[1] === 0x9d;
  const detected: Format | "compress" | undefined = program
    ? "tar"
    : lzw
    ? "compress"
    : detectFormat(first);
  if (!detected) {
    const foreign = foreignFormat(first);
    if (foreign) throw new NotAnArchiveError(path, foreign);
  }
  // brotli has no signature: what nothing else claims is tried as brotli, and must decode
  // to a tar stream to count as one
  const format = detected ?? "brotli";
  const reuse = format === "tar" || (format === "zstd" && unzstdReleasesInput());
  if (reuse && !encrypted && !program) input.reuseBuffers?.();
  const replay = _replay(first, rest);
  const tar = program
    ? decompress(replay, "tar", program)
    : format === "compress"
    ? throughProgram(replay, ["gzip", "-d", "-c", "-q"])
    : decompress(replay, format, undefined, navigator.hardwareConcurrency || 1);
  const labelled = _labelErrors(tar, format, () => read);
  return {
    format,
    encrypted,
    size,
    tar: detected ? labelled : _mustDecodeToTar(labelled, path),
    bytesRead: () => read,
  };
}

/** The archive's bytes as they are read, and its size (0 when unknown). */
interface _Input {
  size: number;
  chunks: AsyncIterable<Uint8Array>;
  /** From now on, read into two buffers in turn (see openArchive). */
  reuseBuffers?: () => void;
}

/** A local file, or standard input for "-". */
async function _localInput(path: string): Promise<_Input> {
  let file: Deno.FsFile;
  let size = 0;
  if (path === "-") {
    file = Deno.stdin as unknown as Deno.FsFile;
  } else {
    try {
      const info = await Deno.stat(path);
      if (info.isDirectory) {
        throw new UsageError(`Cannot read ${path}: it is a directory`, "name an archive file");
      }
      size = info.size;
      file = await Deno.open(path, { read: true });
    } catch (e) {
      if (e instanceof TarzError) throw e;
      if (e instanceof Deno.errors.NotFound) {
        throw new UsageError(`Cannot read ${path}: no such file`, "check the archive path", {
          cause: e,
        });
      }
      if (e instanceof Deno.errors.PermissionDenied) {
        throw new TarzError(`Cannot read ${path}: permission denied`, 1, undefined, { cause: e });
      }
      throw e;
    }
  }
  // Once the input is known to be a plain tar (or zstd) file, it is read into two buffers
  // in turn instead of a fresh MiB per read: fresh memory costs page faults, and the GC
  // releases it late (this halves the peak RSS of extracting a .tar). A chunk stays intact
  // while the next one is read, and that is all the tar reader and the zstd reader need:
  // they hold at most the previous chunk (a small file split across two, the start of a
  // frame) besides the current one.
  let turns: Uint8Array[] | null = null;
  let turn = 0;
  const chunks = (async function* () {
    try {
      while (true) {
        const buf = turns ? turns[turn++ & 1] : new Uint8Array(CHUNK);
        // a regular file is read synchronously: no thread hop per MiB; stdin may block
        const n = path === "-" ? await file.read(buf) : file.readSync(buf);
        if (n === null) return;
        yield buf.subarray(0, n);
      }
    } finally {
      if (path !== "-") file.close();
    }
  })();
  const reuseBuffers = path === "-"
    ? undefined
    : () => void (turns = [new Uint8Array(CHUNK), new Uint8Array(CHUNK)]);
  return { size, chunks, reuseBuffers };
}

/** An object in a remote store, streamed from its first byte. */
async function _remoteInput(path: string, storage?: StorageSettings): Promise<_Input> {
  const { store, key } = storeFor(path, storage);
  const { size, chunks } = await store.read(key);
  // the network hands over small pieces in fresh buffers; once the reader allows it, they
  // are gathered into two buffers in turn, as a local file is read (see _localInput)
  const state: { turns: Uint8Array[] | null } = { turns: null };
  const gathered = (async function* () {
    let turn = 0;
    let buf: Uint8Array | null = null;
    let used = 0;
    for await (let c of chunks) {
      const turns = state.turns;
      if (!turns) {
        yield c;
        continue;
      }
      while (c.length) {
        buf ??= turns[turn++ & 1];
        const n = Math.min(c.length, buf.length - used);
        buf.set(c.subarray(0, n), used);
        used += n;
        c = c.subarray(n);
        if (used === buf.length) {
          yield buf;
          buf = null;
          used = 0;
        }
      }
    }
    if (buf && used) yield buf.subarray(0, used);
  })();
  return {
    size,
    chunks: gathered,
    reuseBuffers: () => void (state.turns = [new Uint8Array(CHUNK), new Uint8Array(CHUNK)]),
  };
}

/** Thrown for a file that is not an archive tarz reads; names what it looks like instead. */
export class NotAnArchiveError extends TarzError {
  override name = "NotAnArchiveError";
  constructor(path: string, what: string, options?: ErrorOptions) {
    super(
      what === "text" || what === "unknown"
        ? `Cannot read ${path}: it is not an archive (${
          what === "text" ? "it looks like text" : "no known signature, and it is not brotli"
        })`
        : `Cannot read ${path}: it is ${what}, which tarz does not read`,
      ExitCode.failed,
      "tarz reads tar archives: plain, or compressed with gzip, zstd, brotli, xz, bzip2 or .Z",
    );
    if (options?.cause) this.cause = options.cause;
  }
}

/**
 * Passes on a stream that was only guessed to be brotli once its first decoded bytes are a
 * tar header or the end-of-archive marker; anything else (nothing at all, text, a decoding
 * error before that) means the file is not an archive.
 */
async function* _mustDecodeToTar(
  tar: AsyncIterable<Uint8Array>,
  path: string,
): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let have = 0;
  const it = tar[Symbol.asyncIterator]();
  try {
    while (have < 512) {
      const r = await it.next();
      if (r.done) break;
      head.push(r.value.slice()); // the decoder may reuse its buffer
      have += r.value.length;
    }
  } catch (e) {
    throw new NotAnArchiveError(path, "unknown", { cause: e });
  }
  const first = concatBytes(head);
  if (first.length < 512 || !isTarStart(first)) throw new NotAnArchiveError(path, "unknown");
  yield first;
  while (true) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}

/** Reads enough of a stream to recognise a format; returns those bytes and the rest. */
async function _peek(
  source: AsyncIterable<Uint8Array>,
): Promise<[Uint8Array, AsyncIterator<Uint8Array>]> {
  const it = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let have = 0;
  while (have < 512) {
    const r = await it.next();
    if (r.done) break;
    head.push(r.value);
    have += r.value.length;
  }
  return [concatBytes(head), it];
}

async function* _replay(
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  try {
    if (first.length) yield first;
    while (true) {
      const r = await rest.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await rest.return?.(); // closes the file when the reader stops early
  }
}

async function* _labelErrors(
  source: AsyncIterable<Uint8Array>,
  format: Format | "compress",
  offset: () => number,
): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (e) {
    if (e instanceof TarzError) throw e;
    const msg = (e as Error).message ?? String(e);
    const what = format === "brotli"
      ? "brotli stream (or not an archive at all)"
      : `${format} stream`;
    throw new CompressedStreamError(
      `Cannot decompress: corrupt or truncated ${what} near compressed byte ${offset()}: ${msg}`,
    );
  }
}
