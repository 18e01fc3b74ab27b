/**
 * The tar encoding stage: reads planned entries' data and yields tar bytes in chunks of
 * about 1 MiB. Small files are read whole with synchronous calls (one read each, no per-file
 * stream), by a second thread as well when there are many (see file_prefetch.ts); large
 * files stream in synchronous reads of 256 KiB.
 *
 * The entries may still be coming from the walk: the encoder pulls them a little ahead of
 * the one it writes ({@linkcode LOOKAHEAD}), so that the reading thread already has the
 * next small files while this one walks, encodes and writes.
 * @module
 */
import { createHash } from "node:crypto";
import { padToBlock } from "../tar/constants.ts";
import { encodeHeader, encodeHeaderInto, END_OF_ARCHIVE } from "../tar/header_encode.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { describeReadError } from "../util/fs_errors.ts";
import { EventLoopTurns } from "../util/event_loop_turns.ts";
import type { PlannedEntry } from "./plan.ts";
import { FilePrefetcher, readInto } from "./file_prefetch.ts";
import { poison, POISON_BUFFERS } from "../util/buffer_poison.ts";

const OUT_CHUNK = 1 << 20;
const SMALL_FILE = 1 << 18;
// large files are read in pieces that stay in the CPU cache between the read and the write:
// 256 KiB took 0.47 s for the benchmark's 512 MiB, 1 MiB 0.52 s (awaited reads: 0.59 s)
const LARGE_READ = 1 << 18;
// below this many small files, starting the reading Worker (about 16 ms) does not pay off
const PREFETCH_MIN_FILES = 256;
/** How many entries the encoder pulls ahead of the one it writes. */
export const LOOKAHEAD = 4096;
// entries pulled at a time, once that many have been written (on the benchmark's 20,000 small
// files, 4096/512 took 0.78 s, 512/32 0.80 s and walking everything first 0.75 s, medians of 15)
const PULL_BATCH = 512;

/** Options for {@linkcode encodeEntries}. */
export interface EncodeOptions {
  progress?: ProgressState;
  control?: RunControl;
  /** Receives per-file problems (vanished, unreadable, changed while read). */
  onWarning?: (message: string) => void;
  /**
   * Reuse the output buffers: each yielded chunk is valid only until the next one is
   * requested. Saves allocating (and collecting) a buffer per MiB; use it only when the
   * consumer is done with a chunk before it asks for the next.
   * @default {false}
   */
  reuseBuffers?: boolean;
  /**
   * Read small files on a second thread as well (see file_prefetch.ts). Worth it when a
   * core is free; when compression workers already keep every core busy, the extra thread
   * only competes with them.
   * @default {true}
   */
  readAhead?: boolean;
  /** When given, filled with the sha256 (hex) of every regular file's stored data. */
  digests?: Map<string, string>;
  /** A planned entry was left out (unreadable or vanished): it is not in the archive. */
  onSkipped?: (entry: PlannedEntry["entry"]) => void;
}

/**
 * Yields the tar stream for `entries`, ending with the end-of-archive marker. `entries` is
 * pulled lazily, up to {@linkcode LOOKAHEAD} entries ahead of the one being written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeEntries } from "./encode_stream.ts";
 * let bytes = 0;
 * for await (const c of encodeEntries([])) bytes += c.length;
 * assert.ok(bytes === 1024);
 * ```
 */
export async function* encodeEntries(
  entries: Iterable<PlannedEntry>,
  options: EncodeOptions = {},
): AsyncGenerator<Uint8Array> {
  const turns = new EventLoopTurns();
  const ahead = new _Lookahead(entries[Symbol.iterator](), options.readAhead !== false, turns);
  try {
    yield* _encode(ahead, options, turns);
  } finally {
    ahead.close();
  }
}

/**
 * The entries pulled but not yet written, and the reading thread that gets their small
 * files: it starts once {@linkcode PREFETCH_MIN_FILES} of them are waiting, and from then
 * on every small file pulled is listed for it, so every small file taken after it started
 * is on its list, in order.
 */
class _Lookahead {
  readonly #source: Iterator<PlannedEntry>;
  readonly #queue: PlannedEntry[] = [];
  #head = 0;
  #ended = false;
  readonly #readAhead: boolean;
  #prefetch: FilePrefetcher | null = null;
  // before the reading thread starts: the small files pulled, and how many were taken
  #waiting: PlannedEntry[] = [];
  #waitingTaken = 0;

  readonly #turns: EventLoopTurns;

  /** Pulls from `source`; stops a pull early when a turn is `turns`-due and one is queued. */
  constructor(source: Iterator<PlannedEntry>, readAhead: boolean, turns: EventLoopTurns) {
    this.#source = source;
    this.#readAhead = readAhead;
    this.#turns = turns;
  }

  /** The reading thread, once started; it has every small file taken since. */
  get prefetch(): FilePrefetcher | null {
    return this.#prefetch;
  }

  /** The next entry to write, or undefined at the end. */
  next(): PlannedEntry | undefined {
    if (!this.#ended && this.#queue.length - this.#head <= LOOKAHEAD - PULL_BATCH) this.#pull();
    if (this.#head === this.#queue.length) return undefined;
    const planned = this.#queue[this.#head++];
    if (this.#head >= 4096) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    if (!this.#prefetch && this.#waiting[this.#waitingTaken] === planned) this.#waitingTaken++;
    return planned;
  }

  close(): void {
    this.#prefetch?.close();
  }

  #pull(): void {
    const paths: string[] = [];
    const sizes: number[] = [];
    while (this.#queue.length - this.#head < LOOKAHEAD) {
      // a slow walk (a network file system) must not hold off the event loop for long
      if (this.#head < this.#queue.length && this.#turns.due()) break;
      const r = this.#source.next();
      if (r.done) {
        this.#ended = true;
        break;
      }
      const planned = r.value;
      this.#queue.push(planned);
      if (!this.#readAhead || !_isSmall(planned)) continue;
      if (this.#prefetch) {
        paths.push(planned.fsPath);
        sizes.push(planned.entry.size);
      } else this.#waiting.push(planned);
    }
    if (this.#prefetch) return this.#prefetch.add(paths, sizes);
    const waiting = this.#waiting.slice(this.#waitingTaken);
    if (waiting.length >= PREFETCH_MIN_FILES) {
      this.#prefetch = new FilePrefetcher(
        waiting.map((p) => p.fsPath),
        waiting.map((p) => p.entry.size),
        SMALL_FILE + 1,
      );
      this.#waiting = [];
    } else if (this.#waitingTaken > 4096) {
      this.#waiting = waiting;
      this.#waitingTaken = 0;
    }
  }
}

/**
 * The output buffer: headers and small files are written into it in place, and it is handed
 * out whole, about 1 MiB at a time. With `reuse`, the chunk handed out is valid only until
 * the next one is asked for (see {@linkcode EncodeOptions.reuseBuffers}).
 */
class _Out {
  buf = new Uint8Array(OUT_CHUNK);
  used = 0;
  /** In tests: the buffer was handed out and is now being reused: poison it first. */
  #handedOut = false;
  constructor(readonly reuse: boolean) {}

  /** In tests, poisons a handed-out buffer before it is written again (buffer_poison.ts). */
  #reclaim(): void {
    if (!this.#handedOut) return;
    this.#handedOut = false;
    poison(this.buf);
  }

  /** Copies `bytes` in; false, and nothing written, when they don't fit. */
  put(bytes: Uint8Array): boolean {
    if (POISON_BUFFERS) this.#reclaim();
    if (this.used + bytes.length > this.buf.length) return false;
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
    return true;
  }

  /** Writes `entry`'s header in place when it and `room` bytes after it fit; its length. */
  putHeader(entry: PlannedEntry["entry"], room = 0): number {
    if (POISON_BUFFERS) this.#reclaim();
    const length = encodeHeaderInto(entry, this.buf, this.used, room);
    this.used += length;
    return length;
  }

  /** Writes a small file (header, data, padding); false, and nothing written, without room. */
  putFile(entry: PlannedEntry["entry"], data: Uint8Array): boolean {
    if (!this.putHeader(entry, padToBlock(data.length))) return false;
    this.#putData(data);
    return true;
  }

  /** A file whose header and data are larger than a whole buffer (a long PAX header). */
  putOversized(entry: PlannedEntry["entry"], data: Uint8Array): void {
    const header = encodeHeader(entry);
    this.buf = new Uint8Array(header.length + padToBlock(data.length));
    this.used = 0;
    this.put(header);
    this.#putData(data);
  }

  #putData(data: Uint8Array): void {
    this.buf.set(data, this.used);
    this.used += data.length;
    const pad = padToBlock(data.length) - data.length;
    this.buf.fill(0, this.used, this.used + pad);
    this.used += pad;
  }

  /** The bytes written since the last take, or null if none. */
  take(): Uint8Array | null {
    if (this.used === 0) return null;
    const full = this.buf.subarray(0, this.used);
    if (!this.reuse || this.buf.length !== OUT_CHUNK) this.buf = new Uint8Array(OUT_CHUNK);
    else this.#handedOut = POISON_BUFFERS;
    this.used = 0;
    return full;
  }
}

/** Counts an entry as done. */
function _done(progress: ProgressState | undefined, entry: PlannedEntry["entry"]): void {
  if (!progress) return;
  progress.entriesDone++;
  if (entry.type === "file") progress.filesDone++;
}

async function* _encode(
  entries: _Lookahead,
  options: EncodeOptions,
  turns: EventLoopTurns,
): AsyncGenerator<Uint8Array> {
  const { progress, control } = options;
  const out = new _Out(options.reuseBuffers ?? false);
  const scratch = new Uint8Array(SMALL_FILE + 1);
  const large = new _LargeReader(options);
  // the loop below may run for long without awaiting anything real: let timers (progress)
  // and signals (Ctrl-C) in now and then
  const checkpoint = async () => {
    if (turns.due()) await turns.take();
    if (control) await control.checkpoint();
  };
  for (let planned; (planned = entries.next());) {
    if (turns.due()) await turns.take();
    const { entry } = planned;
    progress?.startEntry(entry.path, entry.size);
    if (entry.type !== "file" || entry.size === 0) {
      if (entry.type === "file" && !_exists(planned.fsPath, options.onWarning, entry.path)) {
        options.onSkipped?.(entry);
        continue;
      }
      if (!out.putHeader(entry)) {
        const full = out.take();
        if (full) yield full;
        await checkpoint();
        out.putHeader(entry);
      }
    } else if (entry.size <= SMALL_FILE || planned.content) {
      const data = _readSmall(planned, entries.prefetch, scratch, options);
      if (data === null) continue;
      if (!out.putFile(entry, data)) {
        const full = out.take();
        if (full) yield full;
        await checkpoint();
        if (!out.putFile(entry, data)) out.putOversized(entry, data);
      }
      progress?.advance(data.length);
    } else {
      const file = _open(planned, options);
      if (!file) continue;
      yield* large.stream(file, entry, out, checkpoint);
    }
    _done(progress, entry);
  }
  if (!out.put(END_OF_ARCHIVE)) {
    yield out.take()!;
    out.put(END_OF_ARCHIVE);
  }
  // GNU tar pads archives to a 10 KiB record; readers do not need it, so tarz does not.
  const last = out.take();
  if (last) yield last;
}

/**
 * A small file's data, read whole (by the reading thread when it has it), or null when it
 * can't be read and is left out. A size that changed since the walk is warned of and kept.
 */
function _readSmall(
  planned: PlannedEntry,
  prefetch: FilePrefetcher | null,
  scratch: Uint8Array,
  options: EncodeOptions,
): Uint8Array | null {
  const { entry } = planned;
  let data: Uint8Array;
  try {
    const readHere = () => scratch.subarray(0, readInto(planned.fsPath, scratch, entry.size));
    data = planned.content ?? (prefetch ? prefetch.take(planned.fsPath, readHere) : readHere());
    // it grew past the small-file limit since the walk: read all of it, as it is now
    if (!planned.content && data.length === scratch.length) {
      data = Deno.readFileSync(planned.fsPath);
    }
  } catch (e) {
    options.onWarning?.(`${entry.path}: ${describeReadError(e)}; skipped`);
    options.onSkipped?.(entry);
    return null;
  }
  if (data.length !== entry.size) {
    options.onWarning?.(
      `${entry.path}: file changed as we read it (size ${entry.size} → ${data.length})`,
    );
    if (options.progress) options.progress.bytesTotal += data.length - entry.size;
    entry.size = data.length;
  }
  options.digests?.set(entry.path, createHash("sha256").update(data).digest("hex"));
  return data;
}

/** Opens a large file, or warns and returns null when it can't be. */
function _open(planned: PlannedEntry, options: EncodeOptions): Deno.FsFile | null {
  try {
    return Deno.openSync(planned.fsPath, { read: true });
  } catch (e) {
    options.onWarning?.(`${planned.entry.path}: ${describeReadError(e)}; skipped`);
    options.onSkipped?.(planned.entry);
    return null;
  }
}

/** Streams large files in synchronous reads of {@linkcode LARGE_READ}. */
class _LargeReader {
  #buf: Uint8Array | undefined;
  constructor(readonly options: EncodeOptions) {}

  /** The next piece to read into: the same one each time with reuseBuffers. */
  #piece(left: number): Uint8Array {
    const n = Math.min(LARGE_READ, left);
    if (!this.options.reuseBuffers) return new Uint8Array(n);
    if (this.#buf) poison(this.#buf); // in tests: the piece handed out last is taken back
    return (this.#buf ??= new Uint8Array(LARGE_READ)).subarray(0, n);
  }

  /** Yields `entry`'s header, its data as the file has it now, and its padding (in `out`). */
  async *stream(
    file: Deno.FsFile,
    entry: PlannedEntry["entry"],
    out: _Out,
    checkpoint: () => Promise<void>,
  ): AsyncGenerator<Uint8Array> {
    const { progress, onWarning, digests } = this.options;
    try {
      const header = encodeHeader(entry);
      if (!out.put(header)) {
        const before = out.take();
        if (before) yield before;
        // a header larger than the buffer (a very long PAX name) goes out on its own
        if (!out.put(header)) yield header;
      }
      const withHeader = out.take();
      if (withHeader) yield withHeader;
      const hash = digests ? createHash("sha256") : undefined;
      let left = entry.size;
      while (left > 0) {
        await checkpoint();
        const buf = this.#piece(left);
        const got = _readFull(file, buf);
        if (got === 0) {
          onWarning?.(
            `${entry.path}: file shrank while being read; ${left} bytes padded with zeros`,
          );
          // keep the archive consistent with the header already written
          yield* _zeros(left, hash);
          left = 0;
          break;
        }
        left -= got;
        hash?.update(buf.subarray(0, got));
        progress?.advance(got);
        yield got === buf.length ? buf : buf.subarray(0, got);
      }
      if (await _grew(file)) {
        onWarning?.(`${entry.path}: file grew while being read; only ${entry.size} bytes stored`);
      }
      if (hash) digests!.set(entry.path, hash.digest("hex"));
      const pad = padToBlock(entry.size) - entry.size;
      if (pad) out.put(new Uint8Array(pad));
    } finally {
      file.close();
    }
  }
}

/** Fills `buf` from `file` as far as it goes; the bytes read. */
function _readFull(file: Deno.FsFile, buf: Uint8Array): number {
  let got = 0;
  while (got < buf.length) {
    const n = file.readSync(buf.subarray(got));
    if (n === null) break;
    got += n;
  }
  return got;
}

/** `n` zero bytes, in chunks, fed to `hash` too. */
function* _zeros(n: number, hash?: ReturnType<typeof createHash>): Generator<Uint8Array> {
  while (n > 0) {
    const z = new Uint8Array(Math.min(OUT_CHUNK, n));
    hash?.update(z);
    n -= z.length;
    yield z;
  }
}

/** Whether a planned entry is read whole, as a small file, from the file system. */
function _isSmall(p: PlannedEntry): boolean {
  return p.entry.type === "file" && p.entry.size > 0 && p.entry.size <= SMALL_FILE && !p.content;
}

async function _grew(file: Deno.FsFile): Promise<boolean> {
  const probe = new Uint8Array(1);
  return (await file.read(probe)) !== null;
}

/** Whether `path` is still there (an lstat), warning when it is not. */
function _exists(path: string, onWarning: EncodeOptions["onWarning"], name: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (e) {
    onWarning?.(`${name}: ${describeReadError(e)}; skipped`);
    return false;
  }
}
