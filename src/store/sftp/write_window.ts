/**
 * How many pipelined SFTP writes an upload keeps in flight, from their round trips, by TCP
 * Vegas's rule: the least round trip seen is the path's own; a round's least round trip
 * above it says how many of the window's writes wait in a queue (the server's, or ssh's
 * channel window) rather than travel. Over a few queued writes, the window shrinks by one;
 * under one, and only when the upload had to wait for the window, it grows by one.
 *
 * A fixed window is wrong somewhere: on a near link, 16 writes of 252 KiB only queue in
 * the server (OpenSSH's sftp server then spends its time growing buffers), and on a far
 * link (20 ms), 4 writes carry half of what the link can.
 * @module
 */

/** Bounds and thresholds, in writes. */
export interface WriteWindowOptions {
  /** @default {4} */
  initial?: number;
  /** @default {2} */
  min?: number;
  /** @default {16} */
  max?: number;
  /** Grow while fewer writes than this queue. @default {1} */
  low?: number;
  /** Shrink while more writes than this queue. @default {3} */
  high?: number;
}

/** The window: {@linkcode size} writes in flight at most. */
export class WriteWindow {
  /** The writes that may be in flight now. */
  size: number;
  readonly #min: number;
  readonly #max: number;
  readonly #low: number;
  readonly #high: number;
  #base = Infinity;
  #roundLeast = Infinity;
  #acks = 0;
  #waited = false;

  constructor(
    { initial = 4, min = 2, max = 16, low = 1, high = 3 }: WriteWindowOptions = {},
  ) {
    this.size = initial;
    this.#min = min;
    this.#max = max;
    this.#low = low;
    this.#high = high;
  }

  /** A write had to wait for room in the window. */
  waited(): void {
    this.#waited = true;
  }

  /** A write was acknowledged `ms` after it was sent; a round ends every `size` of these. */
  acked(ms: number): void {
    this.#base = Math.min(this.#base, ms);
    this.#roundLeast = Math.min(this.#roundLeast, ms);
    if (++this.#acks < this.size) return;
    const queued = this.#roundLeast > 0 ? this.size * (1 - this.#base / this.#roundLeast) : 0;
    if (queued > this.#high) this.size = Math.max(this.#min, this.size - 1);
    else if (queued < this.#low && this.#waited) this.size = Math.min(this.#max, this.size + 1);
    this.#acks = 0;
    this.#roundLeast = Infinity;
    this.#waited = false;
  }
}
