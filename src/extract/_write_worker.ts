/**
 * The source of the Worker that writes extracted files while the reader parses the next
 * members, kept as text and started from a `blob:` URL so that it also runs in
 * `dist/tarz.js` and in a compiled binary (see `compress/_block_worker.ts` for why).
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
export const WRITE_WORKER_SOURCE = `
const finishFile = ${finishFile.toString()};
self.onmessage = (event) => {
  const { slots, umask, chown } = event.data;
  const ctrl = new Int32Array(event.data.ctrl);
  const cmds = new Float64Array(event.data.cmds);
  const outcomes = new Int32Array(event.data.outcomes);
  const data = new Uint8Array(event.data.data);
  const errText = new Uint8Array(event.data.errText);
  const decoder = new TextDecoder();
  let failed = false;
  let file = null; // the file being written by ops 2-4
  let path = "";
  let exists = false; // op 2 found the name taken: ops 3-4 of that file do nothing
  const fail = (e) => {
    failed = true;
    const text = new TextEncoder().encode(JSON.stringify([e?.name ?? "Error", String(e?.message ?? e)]));
    const n = Math.min(text.length, errText.length - 4);
    new DataView(errText.buffer).setInt32(0, n);
    errText.set(text.subarray(0, n), 4);
    Atomics.store(ctrl, 2, 1);
  };
  const discard = () => {
    try { file?.close(); } catch { /* closed */ }
    file = null;
    try { Deno.removeSync(path); } catch { /* gone */ }
  };
  const finish = (p, c, created) =>
    finishFile(p, { mode: c[4], mtime: c[5], uid: c[6], gid: c[7] }, { umask, chown, created });
  for (let done = 0;; done++) {
    while (Atomics.load(ctrl, 0) === done) Atomics.wait(ctrl, 0, done);
    if (Atomics.load(ctrl, 0) < 0) return; // closed
    const slot = done % slots;
    const c = cmds.subarray(slot * 8, slot * 8 + 8);
    const op = c[0], start = c[1], pathLength = c[2], length = c[3];
    const at = () => decoder.decode(data.subarray(start, start + pathLength));
    const bytes = data.subarray(start + pathLength, start + pathLength + length);
    let outcome = 0;
    if (failed) {
      if (file) discard();
      outcome = 3;
    } else if (op === 1) {
      path = at();
      try {
        Deno.writeFileSync(path, bytes, { createNew: true, mode: c[4] });
        finish(path, c);
      } catch (e) {
        if (e instanceof Deno.errors.AlreadyExists) outcome = 1;
        else {
          discard();
          fail(e);
          outcome = 2;
        }
      }
    } else if (op === 2) {
      path = at();
      exists = false;
      try {
        file = Deno.openSync(path, { write: true, createNew: true, mode: 0o600 });
      } catch (e) {
        if (e instanceof Deno.errors.AlreadyExists) exists = true;
        else fail(e);
      }
    } else if (op === 3) {
      try {
        let off = 0;
        if (file) while (off < bytes.length) off += file.writeSync(bytes.subarray(off));
      } catch (e) {
        discard();
        fail(e);
      }
    } else if (op === 4) {
      if (exists) outcome = 1;
      else {
        try {
          file.close();
          file = null;
          finish(path, c, 0o600); // it was created 0600 while being written
        } catch (e) {
          discard();
          fail(e);
          outcome = 2;
        }
      }
    } else if (op === 5) {
      if (!exists) discard();
      file = null;
    }
    outcomes[slot] = outcome;
    Atomics.store(ctrl, 1, done + 1);
    Atomics.notify(ctrl, 1);
  }
};
`;
