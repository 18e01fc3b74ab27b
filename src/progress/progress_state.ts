/**
 * Progress of a run as plain counters. Pure: the archiver updates it, reporters read
 * snapshots at their own pace (about 10 Hz), so progress costs nothing per chunk.
 * @module
 */

/** A point-in-time view of a run, as reporters and JSON events see it. */
export interface ProgressSnapshot {
  /** Bytes of file data processed so far. */
  bytesDone: number;
  /** Total bytes expected (from the pre-scan), or 0 when unknown. */
  bytesTotal: number;
  /** Entries finished. */
  entriesDone: number;
  /** Entries planned. */
  entriesTotal: number;
  /** True while the walk is still adding to the totals (create streams the walk). */
  scanning: boolean;
  /** The member being processed. */
  current: string;
  /** Bytes of the current entry done. */
  currentDone: number;
  /** Size of the current entry. */
  currentTotal: number;
  /** Bytes written to the output after compression. */
  bytesOut: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/**
 * Mutable counters behind {@linkcode ProgressSnapshot}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProgressState } from "./progress_state.ts";
 * const p = new ProgressState();
 * p.bytesTotal = 100;
 * p.advance(25);
 * assert.ok(p.snapshot().bytesDone === 25);
 * ```
 */
export class ProgressState {
  /** Bytes of file data processed. */
  bytesDone = 0;
  /** Bytes of file data planned (from the pre-scan). */
  bytesTotal = 0;
  /** Entries finished. */
  entriesDone = 0;
  /** Regular files finished (written to the archive, or extracted). */
  filesDone = 0;
  /** Entries planned. */
  entriesTotal = 0;
  /** True while the walk is still adding to the totals. */
  scanning = false;
  /** The entry being processed. */
  current = "";
  /** Bytes of the current entry done. */
  currentDone = 0;
  /** Size of the current entry. */
  currentTotal = 0;
  /** Archive bytes written (after compression). */
  bytesOut = 0;
  readonly #start: number;
  readonly #now: () => number;
  #source: (() => number) | null = null;

  /** Starts the clock; `now` is injectable for tests. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#start = now();
  }

  /** Marks the start of a new member. */
  startEntry(name: string, size: number): void {
    this.current = name;
    this.currentDone = 0;
    this.currentTotal = size;
  }

  /** Adds processed data bytes. */
  advance(bytes: number): void {
    this.bytesDone += bytes;
    this.currentDone += bytes;
  }

  /**
   * Adds bytes of the current entry only, where the overall progress is counted in another
   * unit (an extraction counts compressed bytes read, see {@linkcode countFrom}).
   */
  advanceEntry(bytes: number): void {
    this.currentDone += bytes;
  }

  /**
   * Reads `bytesDone` from `source` at every snapshot instead: an extraction's progress is
   * the compressed bytes read against the archive's size, the one unit in which the total is
   * known and the fraction stays truthful however well the archive compressed.
   */
  countFrom(source: () => number): void {
    this.#source = source;
  }

  /** Milliseconds since the run started. */
  elapsedMs(): number {
    return this.#now() - this.#start;
  }

  /** A copy of the counters. */
  snapshot(): ProgressSnapshot {
    if (this.#source) this.bytesDone = this.#source();
    return {
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      entriesDone: this.entriesDone,
      entriesTotal: this.entriesTotal,
      scanning: this.scanning,
      current: this.current,
      currentDone: this.currentDone,
      currentTotal: this.currentTotal,
      bytesOut: this.bytesOut,
      elapsedMs: this.elapsedMs(),
    };
  }
}
