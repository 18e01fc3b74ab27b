/**
 * Writing extracted files on a second thread while this one reads and parses the archive
 * (an I/O adapter).
 *
 * Extracting a tree spends most of its time in the system calls that create and fill files
 * (in the benchmark's profile, 1.3 s of 2.0 s, against 0.5 s for reading and parsing). A
 * {@linkcode FileWriter} hands those calls to a Worker through a ring of commands and a ring
 * of data in shared memory, so that reading the next members and writing the previous ones
 * overlap. It writes only what it is told, in order, each file created exclusively; every
 * decision about what is safe stays with the extractor, which waits for the writer
 * ({@linkcode FileWriter.settle}) before it looks at the file system again.
 * @module
 */
import { WRITE_WORKER_SOURCE } from "./_write_worker.ts";
import { spawnWorker, waitOrGiveUp } from "../workers/spawn.ts";
import type { DecodedMember } from "../tar/reader.ts";
import type { ProgressState } from "../progress/progress_state.ts";
import type { RunControl } from "../util/run_control.ts";
import type { FileMeta } from "./finish_file.ts";

/** How a file handed to the writer ended: written, or its name was taken meanwhile. */
export type WriteOutcome = "written" | "exists";

/** Options for {@linkcode FileWriter}. */
export interface FileWriterOptions {
  /** The process umask: a mode with any of these bits is set again after creation. */
  umask: number;
  /** Give files their owner (`uid`, `gid`); failures are ignored, as by tar. */
  chown?: boolean;
  /** Called for every file handed over, in the order handed over, once it is done. */
  onOutcome: (ticket: number, outcome: WriteOutcome) => void;
  /**
   * Bytes of shared memory for paths and data in flight; at least twice the largest
   * whole file or chunk handed over.
   * @default {8 MiB}
   */
  ringBytes?: number;
  /**
   * Commands in flight.
   * @default {1024}
   */
  slots?: number;
}

export type { FileMeta };

const OP_WHOLE = 1;
const OP_OPEN = 2;
const OP_CHUNK = 3;
const OP_CLOSE = 4;
const OP_ABANDON = 5;
const OUTCOMES = ["written", "exists"] as const;

/** Writes files on a Worker, in order. Call {@linkcode FileWriter.close}. */
export class FileWriter {
  readonly #o: FileWriterOptions;
  readonly #worker: Worker;
  readonly #ctrl: Int32Array;
  readonly #cmds: Float64Array;
  readonly #outcomes: Int32Array;
  readonly #data: Uint8Array;
  readonly #errText: Uint8Array;
  readonly #slots: number;
  readonly #encoder = new TextEncoder();
  #submitted = 0;
  #collected = 0;
  /** Ring bytes each command in flight holds, by command index modulo slots. */
  readonly #held: Float64Array;
  #head = 0; // next free byte of the data ring
  #inUse = 0;
  /** Commands that end a file, in flight: their tickets are their command indexes. */
  readonly #ends = new Set<number>();

  constructor(options: FileWriterOptions) {
    this.#o = options;
    this.#slots = options.slots ?? 1024;
    const ctrl = new SharedArrayBuffer(12);
    const cmds = new SharedArrayBuffer(this.#slots * 64);
    const outcomes = new SharedArrayBuffer(this.#slots * 4);
    const data = new SharedArrayBuffer(options.ringBytes ?? 8 << 20);
    const errText = new SharedArrayBuffer(4096);
    this.#ctrl = new Int32Array(ctrl);
    this.#cmds = new Float64Array(cmds);
    this.#outcomes = new Int32Array(outcomes);
    this.#data = new Uint8Array(data);
    this.#errText = new Uint8Array(errText);
    this.#held = new Float64Array(this.#slots);
    this.#worker = spawnWorker(WRITE_WORKER_SOURCE);
    this.#worker.postMessage({
      ctrl,
      cmds,
      outcomes,
      data,
      errText,
      slots: this.#slots,
      umask: options.umask,
      chown: options.chown ?? false,
    });
  }

  /** Hands over a whole file (the bytes are copied); returns its ticket. */
  writeFile(path: string, bytes: Uint8Array, meta: FileMeta): number {
    return this.#submit(OP_WHOLE, path, bytes, meta, true);
  }

  /** Starts a file whose data follows in {@linkcode FileWriter.writeChunk} calls. */
  openFile(path: string): void {
    this.#submit(OP_OPEN, path, undefined, undefined, false);
  }

  /** Appends bytes (copied) to the file opened last. */
  writeChunk(bytes: Uint8Array): void {
    const most = this.#data.length >> 1;
    for (let off = 0; off < bytes.length; off += most) {
      this.#submit(OP_CHUNK, "", bytes.subarray(off, off + most), undefined, false);
    }
  }

  /** Ends the file opened last and gives it its metadata; returns its ticket. */
  closeFile(meta: FileMeta): number {
    return this.#submit(OP_CLOSE, "", undefined, meta, true);
  }

  /** Abandons the file opened last: what was written of it is removed; it has no outcome. */
  abandonFile(): void {
    this.#submit(OP_ABANDON, "", undefined, undefined, false);
  }

  /**
   * Hands over a member's whole file: in one piece up to `small` bytes, else in chunks as
   * the archive yields them. Returns its ticket. If reading the member fails, the partial
   * file is removed before the error goes on.
   */
  async writeMember(
    member: DecodedMember,
    path: string,
    meta: FileMeta,
    o: { small: number; progress?: ProgressState; control?: RunControl },
  ): Promise<number> {
    if (member.entry.size <= o.small) {
      const data = await member.bytes();
      const ticket = this.writeFile(path, data, meta);
      o.progress?.advanceEntry(data.length);
      return ticket;
    }
    this.openFile(path);
    try {
      for await (const c of member.body()) {
        if (o.control) await o.control.checkpoint();
        this.writeChunk(c);
        o.progress?.advanceEntry(c.length);
      }
    } catch (err) {
      this.abandonFile();
      try {
        this.settle();
      } catch { /* the first error is the one to report */ }
      throw err;
    }
    return this.closeFile(meta);
  }

  /** Waits until every file handed over is done and reported. Throws the writer's error. */
  settle(): void {
    this.#waitFor(this.#submitted);
  }

  /**
   * Stops the worker (after {@linkcode FileWriter.settle}, or to give up). It is told to
   * stop first: a Worker blocked in `Atomics.wait` does not end on `terminate()`, and would
   * keep the process from exiting.
   */
  close(): void {
    Atomics.store(this.#ctrl, 0, -1);
    Atomics.notify(this.#ctrl, 0);
    this.#worker.terminate();
  }

  #submit(
    op: number,
    path: string,
    bytes: Uint8Array | undefined,
    meta: FileMeta | undefined,
    ends: boolean,
  ): number {
    const pathBytes = path ? this.#encoder.encode(path) : undefined;
    const need = (pathBytes?.length ?? 0) + (bytes?.length ?? 0);
    if (need * 2 > this.#data.length) {
      throw new RangeError(`Cannot hand over ${need} bytes: more than half the writer's ring`);
    }
    // a command's bytes are contiguous: skip the ring's tail when they do not fit there
    const wrap = this.#head + need > this.#data.length;
    const skip = wrap ? this.#data.length - this.#head : 0;
    this.#waitFor(this.#submitted - this.#slots + 1, skip + need);
    const start = wrap ? 0 : this.#head;
    if (pathBytes) this.#data.set(pathBytes, start);
    if (bytes) this.#data.set(bytes, start + (pathBytes?.length ?? 0));
    this.#head = start + need;
    this.#inUse += skip + need;
    const i = this.#submitted;
    const slot = i % this.#slots;
    this.#held[slot] = skip + need;
    const c = slot * 8;
    this.#cmds[c] = op;
    this.#cmds[c + 1] = start;
    this.#cmds[c + 2] = pathBytes?.length ?? 0;
    this.#cmds[c + 3] = bytes?.length ?? 0;
    if (meta) {
      this.#cmds[c + 4] = meta.mode;
      this.#cmds[c + 5] = meta.mtime;
      this.#cmds[c + 6] = meta.uid;
      this.#cmds[c + 7] = meta.gid;
    }
    if (ends) this.#ends.add(i);
    this.#submitted = i + 1;
    Atomics.store(this.#ctrl, 0, this.#submitted);
    Atomics.notify(this.#ctrl, 0);
    return i;
  }

  /** Waits until at least `count` commands are done and `bytes` of the ring are free. */
  #waitFor(count: number, bytes = 0): void {
    for (let idle = { steps: 0 }, last = -1;;) {
      const done = Atomics.load(this.#ctrl, 1);
      if (done !== last) idle = { steps: 0 };
      last = done;
      this.#collect(done);
      if (done >= count && this.#data.length - this.#inUse >= bytes) return;
      // one command taking a minute: the worker is gone (a write stuck that long is too)
      waitOrGiveUp(this.#ctrl, 1, done, "the file writing thread", idle);
    }
  }

  /** Frees the ring space of commands done up to `done` and reports the files among them. */
  #collect(done: number): void {
    for (; this.#collected < done; this.#collected++) {
      const i = this.#collected;
      const slot = i % this.#slots;
      this.#inUse -= this.#held[slot];
      if (!this.#ends.delete(i)) continue;
      const outcome = this.#outcomes[slot];
      if (outcome >= 2) {
        this.#collected++;
        throw this.#error();
      }
      this.#o.onOutcome(i, OUTCOMES[outcome]);
    }
    if (this.#collected === this.#submitted) this.#head = this.#inUse = 0;
  }

  /** The worker's error, rebuilt with its class when it is one of Deno's. */
  #error(): Error {
    const n = new DataView(this.#errText.buffer).getInt32(0);
    const [name, message] = JSON.parse(
      new TextDecoder().decode(this.#errText.slice(4, 4 + n)),
    ) as [string, string];
    const Class = (Deno.errors as unknown as Record<string, ErrorConstructor>)[name] ?? Error;
    return new Class(message);
  }
}
