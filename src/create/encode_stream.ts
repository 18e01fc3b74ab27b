/**
 * The tar encoding stage: reads planned entries' data and yields tar bytes in chunks of
 * about 1 MiB. Small files are read whole with synchronous calls (one read each, no per-file
 * stream), by a second thread as well when there are many (see file_prefetch.ts); large
 * files stream in 1 MiB reads.
 * @module
 */
import { createHash } from "node:crypto";
import { padToBlock } from "../tar/constants.ts";
import { encodeHeader, END_OF_ARCHIVE } from "../tar/encode.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import { describeReadError } from "../util/fs_errors.ts";
import type { PlannedEntry } from "./plan.ts";
import { FilePrefetcher, readInto } from "./file_prefetch.ts";

const OUT_CHUNK = 1 << 20;
const SMALL_FILE = 1 << 18;
// below this many small files, starting the reading Worker (about 16 ms) does not pay off
const PREFETCH_MIN_FILES = 256;

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
}

/**
 * Yields the tar stream for `entries`, ending with the end-of-archive marker.
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
  entries: PlannedEntry[],
  options: EncodeOptions = {},
): AsyncGenerator<Uint8Array> {
  const prefetch = options.readAhead === false ? null : _startPrefetch(entries, SMALL_FILE + 1);
  try {
    yield* _encode(entries, options, prefetch);
  } finally {
    prefetch?.close();
  }
}

async function* _encode(
  entries: PlannedEntry[],
  options: EncodeOptions,
  prefetch: FilePrefetcher | null,
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
  function* flush(): Generator<Uint8Array> {
    if (used === 0) return;
    const full = out.subarray(0, used);
    if (!reuseBuffers) out = new Uint8Array(OUT_CHUNK);
    used = 0;
    yield full;
  }

  for (const planned of entries) {
    const { entry } = planned;
    progress?.startEntry(entry.path, entry.size);
    if (entry.type !== "file" || entry.size === 0) {
      if (entry.type === "file" && !_canOpen(planned.fsPath, onWarning, entry.path)) continue;
      const header = encodeHeader(entry);
      if (!put(header)) {
        yield* flush();
        if (control) await control.checkpoint();
        put(header);
      }
      if (progress) progress.entriesDone++;
      continue;
    }
    if (entry.size <= SMALL_FILE || planned.content) {
      let data: Uint8Array;
      try {
        const readHere = () => scratch.subarray(0, readInto(planned.fsPath, scratch, entry.size));
        data = planned.content ?? (prefetch ? prefetch.take(readHere) : readHere());
        // it grew past the small-file limit since the walk: read all of it, as it is now
        if (!planned.content && data.length === scratch.length) {
          data = Deno.readFileSync(planned.fsPath);
        }
      } catch (e) {
        onWarning?.(`${entry.path}: ${describeReadError(e)}; skipped`);
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
      const header = encodeHeader(entry);
      const need = header.length + padToBlock(data.length);
      if (used + need > out.length) {
        yield* flush();
        if (control) await control.checkpoint();
      }
      if (need > out.length) out = new Uint8Array(need);
      put(header);
      out.set(data, used);
      used += data.length;
      const pad = padToBlock(data.length) - data.length;
      out.fill(0, used, used + pad);
      used += pad;
      progress?.advance(data.length);
      if (progress) progress.entriesDone++;
      continue;
    }
    // large file: stream it
    let file: Deno.FsFile;
    try {
      file = await Deno.open(planned.fsPath, { read: true });
    } catch (e) {
      onWarning?.(`${entry.path}: ${describeReadError(e)}; skipped`);
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
        if (control) await control.checkpoint();
        const buf = reuseBuffers
          ? (readBuf ??= new Uint8Array(OUT_CHUNK)).subarray(0, Math.min(OUT_CHUNK, left))
          : new Uint8Array(Math.min(OUT_CHUNK, left));
        let got = 0;
        while (got < buf.length) {
          const n = await file.read(buf.subarray(got));
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
      if (progress) progress.entriesDone++;
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

/** Small files read by a second thread, when there are enough of them to pay for it. */
function _startPrefetch(entries: PlannedEntry[], slotSize: number): FilePrefetcher | null {
  const paths: string[] = [];
  const sizes: number[] = [];
  for (const p of entries) {
    if (_isSmall(p)) {
      paths.push(p.fsPath);
      sizes.push(p.entry.size);
    }
  }
  return paths.length >= PREFETCH_MIN_FILES ? new FilePrefetcher(paths, sizes, slotSize) : null;
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
