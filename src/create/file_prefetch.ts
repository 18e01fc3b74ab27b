/**
 * Reading small files on a second thread while the encoder works (an I/O adapter).
 *
 * On a tree of small files, opening and reading each file costs the main thread more than
 * walking and encoding it (about 8 µs against 4 µs here, nearly all of it Deno's per-call
 * overhead rather than the disk). A {@linkcode FilePrefetcher} shares the list of small
 * files with a Worker: each side claims the next file that nobody has claimed, the worker
 * reads its claims into a ring of shared slots, and the encoder takes every file in order,
 * from a slot or by reading it itself when it got there first. So both cores read, the
 * encoder never waits for a file nobody is reading, and the order stays the plan's.
 * @module
 */
import { dropTaken, type FileList, READ_WORKER_SOURCE, readInto } from "./_read_worker.ts";
import { spawnWorker, waitOrGiveUp } from "../workers/spawn.ts";
import { poison, POISON_BUFFERS } from "../util/buffer_poison.ts";

export { readInto };

/** Reads a list of small files ahead, in a Worker. Call {@linkcode FilePrefetcher.close}. */
export class FilePrefetcher {
  readonly #worker: Worker;
  readonly #ctrl: Int32Array;
  readonly #ready: Int32Array;
  readonly #lengths: Int32Array;
  readonly #data: Uint8Array;
  readonly #slots: number;
  readonly #slotSize: number;
  readonly #list: FileList;
  #next = 0;

  /**
   * Starts reading `paths` (expected `sizes`) into `slots` slots of `slotSize` bytes, one
   * more than the largest file, so that growth shows. The default of 128 slots lets the
   * worker run far enough ahead (8 slots: 0.49 s, 32: 0.47 s, 128: 0.45 s for the 20,000
   * small files of the benchmark); only the pages files fill count towards memory.
   */
  constructor(paths: string[], sizes: number[], slotSize: number, slots = 128) {
    this.#slots = slots;
    this.#slotSize = slotSize;
    this.#list = { paths: [...paths], sizes: [...sizes], base: 0 };
    const ctrl = new SharedArrayBuffer(8);
    const ready = new SharedArrayBuffer(4 * slots);
    const lengths = new SharedArrayBuffer(4 * slots);
    const data = new SharedArrayBuffer(slots * slotSize);
    this.#ctrl = new Int32Array(ctrl);
    this.#ready = new Int32Array(ready);
    this.#lengths = new Int32Array(lengths);
    this.#data = new Uint8Array(data);
    this.#worker = spawnWorker(READ_WORKER_SOURCE);
    this.#worker.postMessage({ ctrl, ready, lengths, data, slots, slotSize, paths, sizes });
  }

  /** Appends files to the list (`sizes` as expected), for the worker to read ahead too. */
  add(paths: string[], sizes: number[]): void {
    if (paths.length === 0) return;
    const list = this.#list;
    dropTaken(list, this.#next);
    for (let i = 0; i < paths.length; i++) {
      list.paths.push(paths[i]);
      list.sizes.push(sizes[i]);
    }
    this.#worker.postMessage({ paths, sizes });
  }

  /** How many files have been listed. */
  get listed(): number {
    return this.#list.base + this.#list.paths.length;
  }

  /** How many files the reading thread and this one have claimed so far. */
  get claimed(): number {
    return Math.max(0, Atomics.load(this.#ctrl, 0));
  }

  /** How far the reading thread can get ahead: until it fills every slot, or the list ends. */
  get reach(): number {
    return Math.min(this.listed, this.#next + this.#slots);
  }

  /**
   * The bytes of the next file in list order, which must be `path`: a view of its slot,
   * valid until the next call. `readHere` reads the file on this thread instead (into the
   * caller's buffer); it is used when the worker has not claimed the file yet, and when it
   * could not read it, so that the caller sees the real error. A `path` that is not the
   * next listed file throws: the encoder and the list disagree, and storing these bytes
   * would put one file's data under another's header.
   */
  take(path: string, readHere: () => Uint8Array): Uint8Array {
    const i = this.#next++;
    const listed = this.#list.paths[i - this.#list.base];
    if (listed !== path) {
      throw new Error(`read-ahead out of step: file ${i} is ${listed}, the encoder wants ${path}`);
    }
    // the previous file's slot is free again
    if (i > 0) this.#poisonSlot(i - 1);
    Atomics.store(this.#ctrl, 1, i);
    Atomics.notify(this.#ctrl, 1);
    if (Atomics.compareExchange(this.#ctrl, 0, i, i + 1) === i) return readHere();
    const slot = i % this.#slots;
    // the worker claimed it: it is being read, or already in its slot. Meanwhile, read
    // files further on that nobody has claimed (as far as the free slots reach).
    for (const idle = { steps: 0 };;) {
      const seen = Atomics.load(this.#ready, slot);
      if (seen === i + 1) break;
      const next = Atomics.load(this.#ctrl, 0);
      if (
        next < this.listed && next - i < this.#slots &&
        Atomics.compareExchange(this.#ctrl, 0, next, next + 1) === next
      ) {
        this.#readIntoSlot(next);
        continue;
      }
      waitOrGiveUp(this.#ready, slot, seen, "the file reading thread", idle);
    }
    const length = this.#lengths[slot];
    if (length < 0) return readHere();
    const start = slot * this.#slotSize;
    return this.#data.subarray(start, start + length);
  }

  /** In tests: fills file `i`'s slot with poison as it is released (see buffer_poison.ts). */
  #poisonSlot(i: number): void {
    if (!POISON_BUFFERS) return;
    const slot = i % this.#slots;
    poison(this.#data.subarray(slot * this.#slotSize, (slot + 1) * this.#slotSize));
  }

  /** Reads file `i` into its slot, as the worker does. */
  #readIntoSlot(i: number): void {
    const slot = i % this.#slots;
    const start = slot * this.#slotSize;
    const view = this.#data.subarray(start, start + this.#slotSize);
    try {
      const k = i - this.#list.base;
      this.#lengths[slot] = readInto(this.#list.paths[k], view, this.#list.sizes[k]);
    } catch {
      this.#lengths[slot] = -1;
    }
    Atomics.store(this.#ready, slot, i + 1);
  }

  /**
   * Stops the worker. It is told to stop first: a Worker blocked in `Atomics.wait` does not
   * end on `terminate()`, and would keep the process from exiting.
   */
  close(): void {
    Atomics.store(this.#ctrl, 0, -1);
    Atomics.store(this.#ctrl, 1, -1);
    Atomics.notify(this.#ctrl, 1);
    this.#worker.terminate();
  }
}
