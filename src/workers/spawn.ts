/**
 * Starting tarz's Workers: the one place that makes `blob:` Worker URLs. A Worker's code is
 * given as source text (see {@linkcode workerSource}) rather than as a module URL, because a
 * module URL would not exist in `dist/tarz.js` or inside a compiled binary; the same text
 * runs unchanged under `deno run`, in the bundle and in a binary.
 * @module
 */

const _urls = new Map<string, string>();

/** Starts a module Worker running `source`; its blob URL is made once per source. */
export function spawnWorker(source: string): Worker {
  let url = _urls.get(source);
  if (url === undefined) {
    url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    _urls.set(source, url);
  }
  return new Worker(url, { type: "module" });
}

/** How long a wait on a Worker may see no progress before it is given up, in seconds. */
const _WATCHDOG_S = 60;

/**
 * Waits, in steps of a second, while `array[index]` is `value` (Atomics.wait). Throws, naming
 * `what`, after {@linkcode _WATCHDOG_S} steps in a row without a change: the Worker is gone,
 * or stuck for so long that it might as well be. `idle` carries the count across calls,
 * so that a caller's loop can reset it when it sees progress of its own.
 */
export function waitOrGiveUp(
  array: Int32Array,
  index: number,
  value: number,
  what: string,
  idle: { steps: number },
): void {
  if (Atomics.wait(array, index, value, 1000) !== "timed-out") return;
  if (++idle.steps >= _WATCHDOG_S) throw new Error(`${what} stopped responding`);
}
