/**
 * The source of the Worker that reads small files ahead of the tar encoder, kept as text
 * and started from a `blob:` URL so that it also runs in `dist/tarz.js` and in a compiled
 * binary (see `compress/_block_worker.ts` for why).
 *
 * The files to read are shared with the encoder: each side claims the next unclaimed file
 * with an atomic counter, so the encoder reads files itself whenever the worker has not got
 * to them yet, and neither side ever idles. The worker reads a claimed file into the slot
 * for its index in a ring of SharedArrayBuffer slots and marks the slot with the index; it
 * waits while that slot is still unconsumed. A slot holds one byte more than the largest
 * small file, so a file that grew since the walk shows. A file that cannot be read gets
 * length -1: the encoder then reads it itself, to report the real error.
 * @module
 */

/**
 * One message: `{ ctrl, ready, lengths, data, slots, slotSize, paths, sizes }`. `ctrl`
 * holds [next file to claim, files consumed]; `ready[slot]` is the index + 1 of the file
 * in that slot; all four arrays are SharedArrayBuffers.
 */
export const READ_WORKER_SOURCE = `
self.onmessage = (event) => {
  const { paths, sizes, slots, slotSize } = event.data;
  const ctrl = new Int32Array(event.data.ctrl);
  const ready = new Int32Array(event.data.ready);
  const lengths = new Int32Array(event.data.lengths);
  const data = new Uint8Array(event.data.data);
  for (;;) {
    const i = Atomics.add(ctrl, 0, 1);
    if (i >= paths.length) return;
    for (;;) {
      const consumed = Atomics.load(ctrl, 1);
      if (i - consumed < slots) break;
      Atomics.wait(ctrl, 1, consumed);
    }
    const slot = i % slots;
    const view = data.subarray(slot * slotSize, (slot + 1) * slotSize);
    let got = 0;
    try {
      const file = Deno.openSync(paths[i], { read: true });
      try {
        let want = Math.min(sizes[i] + 1, slotSize);
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
