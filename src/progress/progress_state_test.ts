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

Deno.test("ProgressState leaves paused time out of the running time", () => {
  let t = 0;
  const p = new ProgressState(() => t);
  t = 1000;
  p.pause();
  t = 6000;
  assert.equal(p.snapshot().activeMs, 1000);
  p.resume();
  t = 7000;
  const s = p.snapshot();
  assert.equal(s.elapsedMs, 7000);
  assert.equal(s.activeMs, 2000);
});

Deno.test("ProgressState's speed is over the last seconds of running time", () => {
  let t = 0;
  const p = new ProgressState(() => t);
  p.snapshot();
  // 10 s at 1 MiB/s, then 2 s at 10 MiB/s: the average says 2.5, the window says more
  for (let i = 1; i <= 100; i++) {
    t = i * 100;
    p.advance(104_858);
    p.snapshot();
  }
  for (let i = 1; i <= 20; i++) {
    t = 10_000 + i * 100;
    p.advance(1_048_576);
    p.snapshot();
  }
  const speed = p.snapshot().speed / 2 ** 20;
  assert.ok(speed > 4.5 && speed < 5.5, `${speed}`); // (2 s × 10 + 3 s × 1) / 5 s
  // a pause does not count as slow time
  p.pause();
  t = 60_000;
  p.resume();
  assert.ok(p.snapshot().speed / 2 ** 20 > 4.5);
});
