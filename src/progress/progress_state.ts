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
  entriesDone: number;
  entriesTotal: number;
  /** The member being processed. */
  current: string;
  currentDone: number;
  currentTotal: number;
  /** Bytes written to the output after compression. */
  bytesOut: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
}

/** Mutable counters behind {@linkcode ProgressSnapshot}. */
export class ProgressState {
  bytesDone = 0;
  bytesTotal = 0;
  entriesDone = 0;
  entriesTotal = 0;
  current = "";
  currentDone = 0;
  currentTotal = 0;
  bytesOut = 0;
  readonly #start: number;
  readonly #now: () => number;

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

  /** Milliseconds since the run started. */
  elapsedMs(): number {
    return this.#now() - this.#start;
  }

  /** A copy of the counters. */
  snapshot(): ProgressSnapshot {
    return {
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      entriesDone: this.entriesDone,
      entriesTotal: this.entriesTotal,
      current: this.current,
      currentDone: this.currentDone,
      currentTotal: this.currentTotal,
      bytesOut: this.bytesOut,
      elapsedMs: this.elapsedMs(),
    };
  }
}
