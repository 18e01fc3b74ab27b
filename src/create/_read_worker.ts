/**
 * The Worker that reads small files ahead of the tar encoder: typed functions, shipped to
 * the Worker as source by src/workers/worker_source.ts.
 *
 * The files to read are shared with the encoder: each side claims the next unclaimed file
 * with an atomic counter, so the encoder reads files itself whenever the worker has not got
 * to them yet, and neither side ever idles. The list arrives in batches, while the walk
 * goes on: the worker claims only files it has been told about, and when it has read them
 * all it returns to its event loop for the next batch. The worker reads a claimed file into the slot
 * for its index in a ring of SharedArrayBuffer slots and marks the slot with the index; it
 * waits while that slot is still unconsumed. A slot holds one byte more than the largest
 * small file, so a file that grew since the walk shows. A file that cannot be read gets
 * length -1: the encoder then reads it itself, to report the real error.
 * @module
 */
import { type WorkerScope, workerSource } from "../workers/worker_source.ts";

/** The files listed for reading, from index `base` on. */
export interface FileList {
  paths: string[];
  sizes: number[];
  base: number;
}

/**
 * Drops, in batches of at least 4096, the files before index `taken` (the ones the encoder
 * has taken), so that a long run does not hold every path it has read. A list that does not
 * reach `taken` yet (the encoder also takes files whose batch is still on its way to the
 * worker) drops what it has, and keeps counting from there. Runs on both sides; the worker
 * gets it as source text.
 */
export function dropTaken(list: FileList, taken: number): void {
  const n = Math.min(taken - list.base, list.paths.length);
  if (n < 4096) return;
  list.paths = list.paths.slice(n);
  list.sizes = list.sizes.slice(n);
  list.base += n;
}

/** What the encoder posts: first the shared arrays and sizes, then each batch of files. */
interface _ReadMessage {
  ctrl?: SharedArrayBuffer;
  ready?: SharedArrayBuffer;
  lengths?: SharedArrayBuffer;
  data?: SharedArrayBuffer;
  slots?: number;
  slotSize?: number;
  paths: string[];
  sizes: number[];
}

/** The helpers the read worker gets with its source. */
export interface ReadWorkerHelpers {
  dropTaken: typeof dropTaken;
  readInto: typeof readInto;
}

/**
 * Reads the file at `path` into `buffer`, asking for one byte more than `expected` so that
 * the usual case takes one read call (a short read of a regular file is its end); returns
 * the bytes read, `buffer.length` when the file is at least that long now. Both the encoder
 * and the worker read with it.
 */
export function readInto(path: string, buffer: Uint8Array, expected: number): number {
  const file = Deno.openSync(path, { read: true });
  try {
    let got = 0;
    let want = Math.min(expected + 1, buffer.length);
    while (got < buffer.length) {
      const n = file.readSync(buffer.subarray(got, want));
      if (n === null || n === 0) break;
      got += n;
      if (got < want) break;
      want = buffer.length; // it grew since the walk: read on to the end of the buffer
    }
    return got;
  } finally {
    file.close();
  }
}

/**
 * The first message: `{ ctrl, ready, lengths, data, slots, slotSize, paths, sizes }`;
 * each later one: `{ paths, sizes }`, the next batch of the list. `ctrl` holds [next file
 * to claim, files consumed], both -1 once closed; `ready[slot]` is the index + 1 of the
 * file in that slot; all four arrays are SharedArrayBuffers.
 */
export function readWorkerMain(self: WorkerScope, h: ReadWorkerHelpers): void {
  let state: {
    list: FileList;
    slots: number;
    slotSize: number;
    ctrl: Int32Array;
    ready: Int32Array;
    lengths: Int32Array;
    data: Uint8Array;
  } | undefined;
  self.onmessage = (event: MessageEvent<_ReadMessage>) => {
    const d = event.data;
    state ??= {
      list: { paths: [], sizes: [], base: 0 },
      slots: d.slots!,
      slotSize: d.slotSize!,
      ctrl: new Int32Array(d.ctrl!),
      ready: new Int32Array(d.ready!),
      lengths: new Int32Array(d.lengths!),
      data: new Uint8Array(d.data!),
    };
    const { list, slots, slotSize, ctrl, ready, lengths, data } = state;
    const consumed = Atomics.load(ctrl, 1);
    if (consumed >= 0) h.dropTaken(list, consumed);
    for (const p of d.paths) list.paths.push(p);
    for (const n of d.sizes) list.sizes.push(n);
    for (;;) {
      const i = Atomics.load(ctrl, 0);
      // closed, or the rest is not listed yet
      if (i < 0 || i >= list.base + list.paths.length) return;
      if (Atomics.compareExchange(ctrl, 0, i, i + 1) !== i) continue;
      for (;;) {
        const consumed = Atomics.load(ctrl, 1);
        if (i - consumed < slots) break;
        Atomics.wait(ctrl, 1, consumed);
        if (Atomics.load(ctrl, 0) < 0) return;
      }
      const slot = i % slots;
      const view = data.subarray(slot * slotSize, (slot + 1) * slotSize);
      try {
        lengths[slot] = h.readInto(list.paths[i - list.base], view, list.sizes[i - list.base]);
      } catch {
        lengths[slot] = -1; // the encoder reads it itself, to report why
      }
      Atomics.store(ready, slot, i + 1);
      Atomics.notify(ready, slot);
    }
  };
}

/** The read worker's source text, for {@linkcode spawnWorker}. */
export const READ_WORKER_SOURCE: string = workerSource(readWorkerMain, { dropTaken, readInto });
