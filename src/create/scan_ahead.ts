/**
 * Counting the walk into the progress totals as it streams, optionally running it ahead of
 * the encoder so the totals (and the ETA) are known early. Pure over an iterator.
 * @module
 */
import type { ProgressState } from "../progress/progress_state.ts";
import type { PlannedEntry } from "./plan.ts";

/**
 * Passes planned entries on, adding each to the progress totals; clears `scanning` at the
 * end of the walk. With `ahead`, the walk runs up to that many entries ahead of the
 * consumer, a few more with each entry taken (the same walking, done sooner).
 */
export function* countedAhead(
  entries: Iterable<PlannedEntry>,
  progress: ProgressState,
  ahead: number,
): Generator<PlannedEntry> {
  const it = entries[Symbol.iterator]();
  const queue: PlannedEntry[] = [];
  let head = 0;
  let walked = false;
  const pull = () => {
    const r = it.next();
    if (r.done) {
      walked = true;
      progress.scanning = false;
      return;
    }
    progress.entriesTotal++;
    if (r.value.entry.type === "file") {
      progress.filesTotal++;
      progress.bytesTotal += r.value.entry.size;
    }
    queue.push(r.value);
  };
  progress.scanning = true;
  try {
    while (true) {
      for (let i = 0; i < _SCAN_STEP && !walked && queue.length - head < ahead; i++) pull();
      if (head === queue.length && !walked) pull();
      if (head === queue.length) return;
      const p = queue[head++];
      if (head >= 4096) {
        queue.splice(0, head);
        head = 0;
      }
      yield p;
    }
  } finally {
    progress.scanning = false;
  }
}

// entries walked per entry taken: the walk finishes by about an eighth of the way
const _SCAN_STEP = 8;
