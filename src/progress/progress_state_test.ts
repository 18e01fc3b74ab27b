import assert from "node:assert/strict";
import { ProgressState } from "./progress_state.ts";

Deno.test("ProgressState counts bytes per run and per current entry", () => {
  let t = 0;
  const p = new ProgressState(() => t);
  p.startEntry("a", 10);
  p.advance(4);
  p.startEntry("b", 6);
  p.advance(6);
  t = 250;
  const s = p.snapshot();
  assert.deepEqual([s.bytesDone, s.current, s.currentDone, s.currentTotal, s.elapsedMs], [
    10,
    "b",
    6,
    6,
    250,
  ]);
});

Deno.test("ProgressState counts overall bytes from a source when told to, entries apart", () => {
  let read = 0;
  const p = new ProgressState(() => 0);
  p.bytesTotal = 100;
  p.countFrom(() => read);
  p.startEntry("zeros", 1 << 30);
  p.advanceEntry(1 << 30); // a gigabyte written out of a tiny archive
  read = 40;
  const s = p.snapshot();
  assert.deepEqual([s.bytesDone, s.bytesTotal, s.currentDone], [40, 100, 1 << 30]);
});
