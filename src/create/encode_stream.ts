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
import { encodeHeader, encodeHeaderInto, END_OF_ARCHIVE } from "../tar/encode.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { describeReadError } from "../util/fs_errors.ts";
import { EventLoopTurns } from "../util/event_loop_turns.ts";
import type { PlannedEntry } from "./plan.ts";
import { FilePrefetcher, readInto } from "./file_prefetch.ts";

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

async function* _encode(
  entries: _Lookahead,
  options: EncodeOptions,
  turns: EventLoopTurns,
): AsyncGenerator<Uint8Array> {
  const { progress, control, onWarning, reuseBuffers, digests } = options;
  let out = new Uint8Array(OUT_CHUNK);
  const scratch = new Uint8Array(SMALL_FILE + 1);
  let readBuf: Uint8Array | undefined;
  let used = 0;
  const put = (bytes: Uint8Array): Uint8Array | null => {
    if (used + bytes.length > out.length) return null;
    out.set(bytes, used);
    used += bytes.length;
    return bytes;
  };
  // writes the entry's header in place, when it and `room` bytes after it fit; its length
  const putHeader = (entry: PlannedEntry["entry"], room = 0): number => {
    const length = encodeHeaderInto(entry, out, used, room);
    used += length;
    return length;
  };
  function* flush(): Generator<Uint8Array> {
    if (used === 0) return;
    const full = out.subarray(0, used);
    if (!reuseBuffers) out = new Uint8Array(OUT_CHUNK);
    used = 0;
    yield full;
  }

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
      if (entry.type === "file" && !_canOpen(planned.fsPath, onWarning, entry.path)) {
        options.onSkipped?.(entry);
        continue;
      }
      if (!putHeader(entry)) {
        yield* flush();
        await checkpoint();
        putHeader(entry);
      }
      if (progress) {
        progress.entriesDone++;
        if (entry.type === "file") progress.filesDone++;
      }
      continue;
    }
    if (entry.size <= SMALL_FILE || planned.content) {
      let data: Uint8Array;
      try {
        const readHere = () => scratch.subarray(0, readInto(planned.fsPath, scratch, entry.size));
        const prefetch = entries.prefetch;
        data = planned.content ?? (prefetch ? prefetch.take(readHere) : readHere());
        // it grew past the small-file limit since the walk: read all of it, as it is now
        if (!planned.content && data.length === scratch.length) {
          data = Deno.readFileSync(planned.fsPath);
        }
      } catch (e) {
        onWarning?.(`${entry.path}: ${describeReadError(e)}; skipped`);
        options.onSkipped?.(entry);
        continue;
      }
      if (data.length !== entry.size) {
        onWarning?.(
          `${entry.path}: file changed as we read it (size ${entry.size} → ${data.length})`,
        );
        if (progress) progress.bytesTotal += data.length - entry.size;
        entry.size = data.length;
      }
      digests?.set(entry.path, createHash("sha256").update(data).digest("hex"));
      const need = padToBlock(data.length);
      let length = putHeader(entry, need);
      if (!length) {
        yield* flush();
        await checkpoint();
        length = putHeader(entry, need);
      }
      if (!length) {
        // header and data are larger than the output buffer (a long PAX header)
        const header = encodeHeader(entry);
        out = new Uint8Array(header.length + need);
        put(header);
      }
      out.set(data, used);
      used += data.length;
      const pad = padToBlock(data.length) - data.length;
      out.fill(0, used, used + pad);
      used += pad;
      progress?.advance(data.length);
      if (progress) {
        progress.entriesDone++;
        progress.filesDone++;
      }
      continue;
    }
    // large file: stream it
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(planned.fsPath, { read: true });
    } catch (e) {
      onWarning?.(`${entry.path}: ${describeReadError(e)}; skipped`);
      options.onSkipped?.(entry);
      continue;
    }
    try {
      const header = encodeHeader(entry);
      if (!put(header)) {
        yield* flush();
        put(header);
      }
      yield* flush();
      const hash = digests ? createHash("sha256") : undefined;
      let left = entry.size;
      while (left > 0) {
        await checkpoint();
        const buf = reuseBuffers
          ? (readBuf ??= new Uint8Array(LARGE_READ)).subarray(0, Math.min(LARGE_READ, left))
          : new Uint8Array(Math.min(LARGE_READ, left));
        let got = 0;
        while (got < buf.length) {
          const n = file.readSync(buf.subarray(got));
          if (n === null) break;
          got += n;
        }
        if (got === 0) {
          onWarning?.(
            `${entry.path}: file shrank while being read; ${left} bytes padded with zeros`,
          );
          // keep the archive consistent with the header already written
          while (left > 0) {
            const z = new Uint8Array(Math.min(OUT_CHUNK, left));
            hash?.update(z);
            left -= z.length;
            yield z;
          }
          break;
        }
        left -= got;
        hash?.update(buf.subarray(0, got));
        progress?.advance(got);
        yield got === buf.length ? buf : buf.subarray(0, got);
      }
      if (left === 0 && (await _grew(file))) {
        onWarning?.(`${entry.path}: file grew while being read; only ${entry.size} bytes stored`);
      }
      if (hash) digests!.set(entry.path, hash.digest("hex"));
      const pad = padToBlock(entry.size) - entry.size;
      if (pad) put(new Uint8Array(pad));
      if (progress) {
        progress.entriesDone++;
        progress.filesDone++;
      }
    } finally {
      file.close();
    }
  }
  if (!put(END_OF_ARCHIVE)) {
    yield* flush();
    put(END_OF_ARCHIVE);
  }
  // GNU tar pads archives to a 10 KiB record; readers do not need it, so tarz does not.
  yield* flush();
}

/** Whether a planned entry is read whole, as a small file, from the file system. */
function _isSmall(p: PlannedEntry): boolean {
  return p.entry.type === "file" && p.entry.size > 0 && p.entry.size <= SMALL_FILE && !p.content;
}

async function _grew(file: Deno.FsFile): Promise<boolean> {
  const probe = new Uint8Array(1);
  return (await file.read(probe)) !== null;
}

function _canOpen(path: string, onWarning: EncodeOptions["onWarning"], name: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (e) {
    onWarning?.(`${name}: ${describeReadError(e)}; skipped`);
    return false;
  }
}
