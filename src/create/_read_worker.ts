/**
 * The source of the Worker that reads small files ahead of the tar encoder, kept as text
 * and started from a `blob:` URL so that it also runs in `dist/tarz.js` and in a compiled
 * binary (see `compress/_block_worker.ts` for why).
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

/**
 * The first message: `{ ctrl, ready, lengths, data, slots, slotSize, paths, sizes }`;
 * each later one: `{ paths, sizes }`, the next batch of the list. `ctrl` holds [next file
 * to claim, files consumed], both -1 once closed; `ready[slot]` is the index + 1 of the
 * file in that slot; all four arrays are SharedArrayBuffers.
 */
export const READ_WORKER_SOURCE = `
const dropTaken = ${dropTaken.toString()};
let state;
self.onmessage = (event) => {
  if (!state) {
    const d = event.data;
    state = {
      list: { paths: [], sizes: [], base: 0 }, slots: d.slots, slotSize: d.slotSize,
      ctrl: new Int32Array(d.ctrl), ready: new Int32Array(d.ready),
      lengths: new Int32Array(d.lengths), data: new Uint8Array(d.data),
    };
  }
  const { list, slots, slotSize, ctrl, ready, lengths, data } = state;
  const consumed = Atomics.load(ctrl, 1);
  if (consumed >= 0) dropTaken(list, consumed);
  const { paths, sizes, base } = list;
  for (const p of event.data.paths) paths.push(p);
  for (const n of event.data.sizes) sizes.push(n);
  for (;;) {
    const i = Atomics.load(ctrl, 0);
    if (i < 0 || i >= base + paths.length) return; // closed, or the rest is not listed yet
    if (Atomics.compareExchange(ctrl, 0, i, i + 1) !== i) continue;
    for (;;) {
      const consumed = Atomics.load(ctrl, 1);
      if (i - consumed < slots) break;
      Atomics.wait(ctrl, 1, consumed);
      if (Atomics.load(ctrl, 0) < 0) return;
    }
    const slot = i % slots;
    const view = data.subarray(slot * slotSize, (slot + 1) * slotSize);
    let got = 0;
    try {
      const file = Deno.openSync(paths[i - base], { read: true });
      try {
        let want = Math.min(sizes[i - base] + 1, slotSize);
        while (got < slotSize) {
          const n = file.readSync(view.subarray(got, want));
          if (n === null || n === 0) break;
          got += n;
          if (got < want) break; // a short read of a regular file: its end
          want = slotSize;
        }
      } finally {
        file.close();
      }
      lengths[slot] = got;
    } catch {
      lengths[slot] = -1;
    }
    Atomics.store(ready, slot, i + 1);
    Atomics.notify(ready, slot);
  }
};
`;
