/**
 * A fixed pool of compression Workers with fixed SharedArrayBuffer slots for blocks in
 * and out. Each worker runs one block at a time; a block waits until a worker and an
 * output slot are free. The slots are the pool's whole working memory:
 * (workers + 1) × block size + workers × output bound, allocated once.
 * @module
 */
import { BLOCK_WORKER_SOURCE } from "./_block_worker.ts";
import { spawnWorker } from "../workers/spawn.ts";
import { poison } from "../util/buffer_poison.ts";

/** The formats a block worker can produce. */
export type BlockFormat = "gzip" | "zstd";

/** What a pool's workers do with each block: compress into a format, or decode zstd. */
export type BlockTask = BlockFormat | "unzstd";

/**
 * A decoded block did not fit its output slot. The block's input slot stays with the
 * caller (to decode it some other way): hand it back with {@linkcode WorkerPool.returnInput}.
 */
export class OutputTooLargeError extends Error {
  override name = "OutputTooLargeError";
  constructor(readonly input: Uint8Array) {
    super("the decoded block is larger than its output slot");
  }
}

interface _Job {
  seq: number;
  input: Uint8Array;
  resolve: (out: Uint8Array) => void;
  reject: (error: Error) => void;
}

interface _Running {
  job: _Job;
  output: SharedArrayBuffer;
}

/** The most a block of `size` bytes can grow to (zlib's and zstd's bounds, rounded up). */
export function outputBound(size: number): number {
  return size + (size >> 7) + (64 << 10);
}

/**
 * Runs block jobs on Workers: compressing a gzip or zstd block, or decoding one zstd frame.
 * Call {@linkcode WorkerPool.close} when done.
 */
export class WorkerPool {
  #idle: Worker[] = [];
  #all: Worker[] = [];
  #queue: _Job[] = [];
  #running = new Map<Worker, _Running>();
  #freeInputs: SharedArrayBuffer[] = [];
  #freeOutputs: SharedArrayBuffer[] = [];
  #seq = 0;
  #closed = false;

  /**
   * `size` workers for `format`. Slots: by default `blockSize` bytes in and
   * `outputBound(blockSize)` out, one input per worker and one more, one output per
   * worker; `slots` overrides them (decoding needs room for what a block expands to, and
   * output slots for results the consumer still holds).
   */
  constructor(
    size: number,
    readonly format: BlockTask,
    readonly level: number,
    readonly blockSize: number,
    slots: { input?: number; inputs?: number; output?: number; outputs?: number } = {},
  ) {
    // inputs: one per worker plus the block being filled; outputs: one per worker
    const inputSize = slots.input ?? blockSize;
    for (let i = 0; i < (slots.inputs ?? size + 1); i++) {
      this.#freeInputs.push(new SharedArrayBuffer(inputSize));
    }
    for (let i = 0; i < (slots.outputs ?? size); i++) {
      this.#freeOutputs.push(new SharedArrayBuffer(slots.output ?? outputBound(blockSize)));
    }
    for (let i = 0; i < size; i++) {
      const worker = spawnWorker(BLOCK_WORKER_SOURCE);
      worker.onmessage = (event) => this.#done(worker, event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.#done(worker, { error: event.message });
      };
      this.#all.push(worker);
      this.#idle.push(worker);
    }
  }

  /** A free input slot of `blockSize` bytes to fill and pass to {@linkcode WorkerPool.run}. */
  input(): Uint8Array {
    const slot = this.#freeInputs.pop();
    if (!slot) throw new Error("WorkerPool: every input slot is in use");
    return new Uint8Array(slot);
  }

  /**
   * Compresses `input` (a view of a slot from {@linkcode WorkerPool.input}, which goes
   * back to the pool). The result is a view of an output slot: hand it back with
   * {@linkcode WorkerPool.release} once it has been written. There are as many output
   * slots as workers, so a caller must release results as it goes: one that holds them all
   * while waiting for more waits for ever.
   */
  run(input: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error("compression cancelled"));
      this.#queue.push({ seq: this.#seq++, input, resolve, reject });
      this.#dispatch();
    });
  }

  /** Returns the input slot of an {@linkcode OutputTooLargeError}. */
  returnInput(input: Uint8Array): void {
    this.#freeInputs.push(input.buffer as SharedArrayBuffer);
  }

  /** Returns an output slot that {@linkcode WorkerPool.run} handed out. */
  release(output: Uint8Array): void {
    if (output.buffer instanceof SharedArrayBuffer) {
      poison(new Uint8Array(output.buffer)); // in tests: a use after release reads garbage
      this.#freeOutputs.push(output.buffer);
      this.#dispatch();
    }
  }

  /** Stops every worker; jobs still waiting or running are rejected. */
  close(): void {
    this.#closed = true;
    for (const { job } of this.#running.values()) job.reject(new Error("compression cancelled"));
    for (const job of this.#queue) job.reject(new Error("compression cancelled"));
    this.#running.clear();
    this.#queue = [];
    for (const worker of this.#all) worker.terminate();
    this.#all = [];
    this.#idle = [];
  }

  #dispatch(): void {
    while (this.#idle.length && this.#queue.length && this.#freeOutputs.length) {
      const worker = this.#idle.pop()!;
      const job = this.#queue.shift()!;
      const output = this.#freeOutputs.pop()!;
      this.#running.set(worker, { job, output });
      worker.postMessage({
        seq: job.seq,
        input: job.input.buffer,
        length: job.input.byteLength,
        output,
        format: this.format,
        level: this.level,
      });
    }
  }

  #done(
    worker: Worker,
    reply: { length?: number; spill?: Uint8Array; tooLarge?: boolean; error?: string },
  ): void {
    const running = this.#running.get(worker);
    if (!running) return;
    const { job, output } = running;
    this.#running.delete(worker);
    this.#idle.push(worker);
    if (reply.tooLarge) {
      this.#freeOutputs.push(output);
      job.reject(new OutputTooLargeError(job.input));
      this.#dispatch();
      return;
    }
    this.#freeInputs.push(job.input.buffer as SharedArrayBuffer);
    if (reply.length !== undefined) job.resolve(new Uint8Array(output, 0, reply.length));
    else {
      this.#freeOutputs.push(output);
      if (reply.spill) job.resolve(reply.spill);
      else job.reject(new Error(`${this.format} worker failed: ${reply.error}`));
    }
    this.#dispatch();
  }
}
