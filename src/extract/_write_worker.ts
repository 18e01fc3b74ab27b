/**
 * The Worker that writes extracted files while the reader parses the next members: typed
 * functions, shipped to the Worker as source by src/workers/worker_source.ts.
 *
 * It executes, in order, the commands that {@linkcode FileWriter} puts in a shared ring and
 * nothing else: it makes no decision about what is safe to write. Each file is created
 * exclusively (O_EXCL), as the extractor does on its own thread, so nothing is ever written
 * through a link. A file that cannot be created because its name exists gets the outcome
 * EXISTS; any other failure removes the partial file, stores the error's name and message,
 * and every later command is only acknowledged, not executed.
 * @module
 */
import { finishFile } from "./finish_file.ts";
import { type WorkerScope, workerSource } from "../workers/worker_source.ts";

/**
 * One message: `{ ctrl, cmds, outcomes, data, errText, slots, umask, chown }`, all arrays
 * SharedArrayBuffers. `ctrl` holds [commands submitted (-1 once closed), commands done, fatal error flag].
 * A command is 8 float64s: op, data start, path length, data length, mode, mtime, uid, gid;
 * its path's UTF-8 bytes and then its data start at data start in `data`. Ops: 1 a whole
 * file, 2 open a file, 3 a chunk of it, 4 close it (with its mode, mtime and owner), 5
 * abandon it (remove what was written; it has no outcome). The outcome of a command that
 * ends a file (1, 4) is 0 written, 1 EXISTS, 2 failed (the fatal error), 3 not executed
 * after a failure.
 */
export function writeWorkerMain(self: WorkerScope, h: WriteWorkerHelpers): void {
  self.onmessage = (event: MessageEvent<WriteWorkerInit>) => {
    const d = event.data;
    const ctrl = new Int32Array(d.ctrl);
    const cmds = new Float64Array(d.cmds);
    const outcomes = new Int32Array(d.outcomes);
    const data = new Uint8Array(d.data);
    const w: WriterState = {
      failed: false,
      file: null,
      path: "",
      exists: false,
      ctrl,
      errText: new Uint8Array(d.errText),
      umask: d.umask,
      chown: d.chown,
    };
    const decoder = new TextDecoder();
    for (let done = 0;; done++) {
      while (Atomics.load(ctrl, 0) === done) Atomics.wait(ctrl, 0, done);
      if (Atomics.load(ctrl, 0) < 0) return; // closed
      const slot = done % d.slots;
      const c = cmds.subarray(slot * 8, slot * 8 + 8);
      const start = c[1], pathLength = c[2], length = c[3];
      const path = () => decoder.decode(data.subarray(start, start + pathLength));
      const bytes = data.subarray(start + pathLength, start + pathLength + length);
      outcomes[slot] = h.execute(w, c, path, bytes, h);
      Atomics.store(ctrl, 1, done + 1);
      Atomics.notify(ctrl, 1);
    }
  };
}

/** The first (and only) message: the shared arrays and the settings. */
export interface WriteWorkerInit {
  ctrl: SharedArrayBuffer;
  cmds: SharedArrayBuffer;
  outcomes: SharedArrayBuffer;
  data: SharedArrayBuffer;
  errText: SharedArrayBuffer;
  slots: number;
  umask: number;
  chown: boolean;
}

/** What the write worker keeps between commands. */
export interface WriterState {
  /** A command failed: later ones are acknowledged, not executed. */
  failed: boolean;
  /** The file being written by ops 2-4. */
  file: Deno.FsFile | null;
  path: string;
  /** Op 2 found the name taken: ops 3-4 of that file do nothing. */
  exists: boolean;
  ctrl: Int32Array;
  errText: Uint8Array;
  umask: number;
  chown: boolean;
}

/** The helpers the write worker gets with its source. */
export interface WriteWorkerHelpers {
  execute: typeof executeCommand;
  writeWhole: typeof writeWhole;
  closeFile: typeof closeFile;
  fail: typeof recordFailure;
  discard: typeof discardFile;
  finishFile: typeof finishFile;
}

/** Runs one command `c`; its outcome (0 written, 1 EXISTS, 2 failed, 3 not executed). */
export function executeCommand(
  w: WriterState,
  c: Float64Array,
  path: () => string,
  bytes: Uint8Array,
  h: WriteWorkerHelpers,
): number {
  const op = c[0];
  if (w.failed) {
    if (w.file) h.discard(w);
    return 3;
  }
  if (op === 1) return h.writeWhole(w, c, path(), bytes, h);
  if (op === 2) {
    w.path = path();
    w.exists = false;
    try {
      w.file = Deno.openSync(w.path, { write: true, createNew: true, mode: 0o600 });
    } catch (e) {
      if (e instanceof Deno.errors.AlreadyExists) w.exists = true;
      else h.fail(w, e);
    }
  } else if (op === 3) {
    try {
      let off = 0;
      if (w.file) { while (off < bytes.length) off += w.file.writeSync(bytes.subarray(off)); }
    } catch (e) {
      h.discard(w);
      h.fail(w, e);
    }
  } else if (op === 4) return h.closeFile(w, c, h);
  else if (op === 5) {
    if (!w.exists) h.discard(w);
    w.file = null;
  }
  return 0;
}

/** Op 1: a whole file, created exclusively with its data; its outcome. */
export function writeWhole(
  w: WriterState,
  c: Float64Array,
  path: string,
  bytes: Uint8Array,
  h: WriteWorkerHelpers,
): number {
  w.path = path;
  try {
    Deno.writeFileSync(path, bytes, { createNew: true, mode: c[4] });
    h.finishFile(path, { mode: c[4], mtime: c[5], uid: c[6], gid: c[7] }, {
      umask: w.umask,
      chown: w.chown,
    });
    return 0;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return 1;
    h.discard(w);
    h.fail(w, e);
    return 2;
  }
}

/** Op 4: closes the file of ops 2-3 and gives it its mode, times and owner; its outcome. */
export function closeFile(w: WriterState, c: Float64Array, h: WriteWorkerHelpers): number {
  if (w.exists) return 1;
  try {
    w.file!.close();
    w.file = null;
    // it was created 0600 while being written
    h.finishFile(w.path, { mode: c[4], mtime: c[5], uid: c[6], gid: c[7] }, {
      umask: w.umask,
      chown: w.chown,
      created: 0o600,
    });
    return 0;
  } catch (e) {
    h.discard(w);
    h.fail(w, e);
    return 2;
  }
}

/** Stores the error's name and message for the extracting thread, and stops executing. */
export function recordFailure(w: WriterState, e: unknown): void {
  w.failed = true;
  const err = e as { name?: string; message?: string } | undefined;
  const text = new TextEncoder().encode(
    JSON.stringify([err?.name ?? "Error", String(err?.message ?? e)]),
  );
  const n = Math.min(text.length, w.errText.length - 4);
  new DataView(w.errText.buffer).setInt32(0, n);
  w.errText.set(text.subarray(0, n), 4);
  Atomics.store(w.ctrl, 2, 1);
}

/** Removes the file being written. */
export function discardFile(w: WriterState): void {
  try {
    w.file?.close();
  } catch { /* closed */ }
  w.file = null;
  try {
    Deno.removeSync(w.path);
  } catch { /* gone */ }
}

/** The write worker's source text, for {@linkcode spawnWorker}. */
export const WRITE_WORKER_SOURCE: string = workerSource(writeWorkerMain, {
  execute: executeCommand,
  writeWhole,
  closeFile,
  fail: recordFailure,
  discard: discardFile,
  finishFile,
});
