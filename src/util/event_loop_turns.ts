/**
 * Giving the event loop a turn now and then, from code that mostly makes synchronous
 * calls (the create pipeline reads small files and writes the archive with sync calls).
 * Awaiting only promises that are already resolved never lets timers or signal handlers
 * run, so without these turns the progress display would freeze and Ctrl-C would wait for
 * the end of the run.
 *
 * A turn is a `setImmediate`, which lets timers due by then run, followed by a small digest
 * on Deno's thread pool, whose completion this thread has to wait for: only then does the
 * event loop poll for signals (with `setImmediate` alone a SIGINT waited 0.2–1.4 s here).
 * It costs 0.4 ms alone and up to 2 ms in a busy create (a thread of the pool has to wake);
 * `setTimeout(0)` costs 2.6 ms, and awaiting a `MessageChannel` message lets no timer run at
 * all. One turn per 200 ms keeps the cost under 1% of the run, the display at 5 Hz or more
 * and Ctrl-C answered within 0.2 s.
 * @module
 */
import { setImmediate } from "node:timers";

const _ONE_BYTE = new Uint8Array(1);

/**
 * Says when a turn is due and takes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventLoopTurns } from "./event_loop_turns.ts";
 * let now = 0;
 * const turns = new EventLoopTurns(50, () => now);
 * assert.ok(!turns.due());
 * now = 60;
 * assert.ok(turns.due());
 * await turns.take();
 * assert.ok(!turns.due());
 * ```
 */
export class EventLoopTurns {
  readonly #everyMs: number;
  readonly #now: () => number;
  #last: number;

  /** A turn every `everyMs` milliseconds; `now` is injectable for tests. */
  constructor(everyMs = 200, now: () => number = () => performance.now()) {
    this.#everyMs = everyMs;
    this.#now = now;
    this.#last = now();
  }

  /** True when the last turn was at least `everyMs` ago. */
  due(): boolean {
    return this.#now() - this.#last >= this.#everyMs;
  }

  /** Lets the event loop run timers, signal handlers and finished I/O, then resolves. */
  async take(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await crypto.subtle.digest("SHA-256", _ONE_BYTE);
    this.#last = this.#now();
  }
}
