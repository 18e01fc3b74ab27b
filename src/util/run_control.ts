/**
 * Pause and cancel for a running pipeline. The data path awaits {@linkcode RunControl.checkpoint}
 * between chunks, so a paused run holds still and resumes exactly where it stopped.
 * @module
 */

/**
 * Thrown inside the pipeline when the run was cancelled.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelledError } from "./run_control.ts";
 * assert.ok(new CancelledError().message === "cancelled");
 * ```
 */
export class CancelledError extends Error {
  /** Always "CancelledError". */
  override name = "CancelledError";
  /**
   * What the run had already written and leaves behind, e.g. "12 files extracted before it
   * stay in out"; undefined when it left nothing.
   */
  left?: string;
  /** Creates the error with the reason shown to the user. */
  constructor(reason = "cancelled", options?: ErrorOptions & { left?: string }) {
    super(reason, options);
    this.left = options?.left;
  }
}

/**
 * Lets a caller pause, resume and cancel a run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelledError, RunControl } from "./run_control.ts";
 * const control = new RunControl();
 * control.cancel();
 * await control.checkpoint().catch((e) => assert.ok(e instanceof CancelledError));
 * ```
 */
export class RunControl {
  #paused: Promise<void> | null = null;
  #resume: (() => void) | null = null;
  #cancelled: string | null = null;
  readonly #abort = new AbortController();

  /** Aborted (with a {@linkcode CancelledError}) when the run is cancelled. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Stops the pipeline at its next checkpoint until {@linkcode resume}. */
  pause(): void {
    if (this.#paused) return;
    this.#paused = new Promise((r) => (this.#resume = r));
  }

  /** Lets a paused pipeline go on. */
  resume(): void {
    const r = this.#resume;
    this.#paused = null;
    this.#resume = null;
    r?.();
  }

  /** Cancels the run; the pipeline throws {@linkcode CancelledError} at its next checkpoint. */
  cancel(reason = "cancelled"): void {
    this.#cancelled = reason;
    this.resume();
    if (!this.#abort.signal.aborted) this.#abort.abort(new CancelledError(reason));
  }

  /** True once {@linkcode cancel} was called. */
  get cancelled(): boolean {
    return this.#cancelled !== null;
  }

  /** Waits while paused; throws when cancelled. */
  async checkpoint(): Promise<void> {
    if (this.#paused) await this.#paused;
    if (this.#cancelled !== null) throw new CancelledError(this.#cancelled);
  }
}

/**
 * `control`, or a new one cancelled when `signal` aborts (with its reason, if a string);
 * undefined when neither is given.
 */
export function controlFor(control?: RunControl, signal?: AbortSignal): RunControl | undefined {
  if (!signal) return control;
  const c = control ?? new RunControl();
  const abort = () => c.cancel(typeof signal.reason === "string" ? signal.reason : "aborted");
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  return c;
}
