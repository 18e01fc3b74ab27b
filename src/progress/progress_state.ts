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
  /** Of those, the milliseconds it was not paused (at the Ctrl-C prompt). */
  activeMs: number;
  /** Regular files finished. */
  filesDone: number;
  /** Regular files planned, or 0 when unknown (an extraction). */
  filesTotal: number;
  /** Bytes per second over the last few seconds of running time (0 until it is known). */
  speed: number;
}

/** How far back the speed looks, in running time: Rich's TransferSpeedColumn uses 30 s. */
export const SPEED_WINDOW_MS = 5000;

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
  /** Regular files planned (0: unknown). */
  filesTotal = 0;
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
  #pausedMs = 0;
  #pausedAt: number | null = null;
  /** (running time, bytesDone) at recent snapshots, oldest first, for the speed. */
  readonly #samples: [number, number][] = [];

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

  /** Stops the running clock (the run waits at a prompt): speed and ETA leave it out. */
  pause(): void {
    this.#pausedAt ??= this.#now();
  }

  /** Starts the running clock again. */
  resume(): void {
    if (this.#pausedAt === null) return;
    this.#pausedMs += this.#now() - this.#pausedAt;
    this.#pausedAt = null;
  }

  /** Milliseconds of running time: since the start, without the pauses. */
  activeMs(): number {
    const paused = this.#pausedMs + (this.#pausedAt === null ? 0 : this.#now() - this.#pausedAt);
    return this.elapsedMs() - paused;
  }

  /** The speed over the last {@linkcode SPEED_WINDOW_MS} of running time, bytes a second. */
  #speed(active: number, done: number): number {
    const s = this.#samples;
    if (!s.length || s.at(-1)![0] < active) s.push([active, done]);
    while (s.length > 2 && s[1][0] <= active - SPEED_WINDOW_MS) s.shift();
    const [t0, b0] = s[0];
    if (active - t0 < 200) return 0; // too short to say
    return Math.max(0, (done - b0) / ((active - t0) / 1000));
  }

  /** A copy of the counters. */
  snapshot(): ProgressSnapshot {
    if (this.#source) this.bytesDone = this.#source();
    const activeMs = this.activeMs();
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
      activeMs,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      speed: this.#speed(activeMs, this.bytesDone),
    };
  }
}
