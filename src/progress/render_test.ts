import assert from "node:assert/strict";
import { bar, clock, pulse, rates, renderBars, renderLine } from "./render.ts";
import type { ProgressSnapshot } from "./progress_state.ts";

const snap: ProgressSnapshot = {
  bytesDone: 50 * 2 ** 20,
  bytesTotal: 100 * 2 ** 20,
  entriesDone: 5,
  entriesTotal: 10,
  scanning: false,
  current: "src/big.bin",
  currentDone: 1,
  currentTotal: 4,
  bytesOut: 0,
  elapsedMs: 1000,
  activeMs: 1000,
  filesDone: 1234,
  filesTotal: 20156,
  speed: 0,
};

Deno.test("bar fills in proportion and clamps", () => {
  assert.equal(bar(0.5, 4), "██░░");
  assert.equal(bar(2, 3), "███");
  assert.equal(bar(NaN, 2), "░░");
});

Deno.test("rates computes speed and remaining time", () => {
  const r = rates(snap);
  assert.equal(r.speed, 50 * 2 ** 20);
  assert.equal(r.etaMs, 1000);
});

Deno.test("renderBars draws Rich's columns: spinner, bar, counts, speed, elapsed, ETA", () => {
  const [l1, l2] = renderBars(snap, 140).split("\n");
  assert.match(
    l1,
    /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Archiving [█░]+ {2}50% 50\.0 MiB\/100 MiB 1,234\/20,156 files 50\.0 MiB\/s 0:00:01 ETA 0:00:01$/,
  );
  assert.match(l2, /25% src\/big\.bin$/);
  assert.ok(l1.length <= 140);
});

Deno.test("renderBars fits every line in any width from 40, dropping the least useful", () => {
  for (let w = 40; w <= 160; w++) {
    for (const line of renderBars({ ...snap, current: "x/".repeat(100) }, w).split("\n")) {
      assert.ok(line.length <= w, `${w}: ${line.length}: ${line}`);
    }
  }
  const narrow = renderBars(snap, 40).split("\n")[0];
  assert.match(narrow, /Archiving .* 50% .*ETA/, "the percentage and the ETA stay");
  assert.doesNotMatch(narrow, /files/);
});

Deno.test("renderBars paints only with color, and the speed is the recent one", () => {
  assert.ok(!renderBars(snap, 120).includes("\x1b["));
  assert.ok(renderBars(snap, 120, "Archiving", { color: true }).includes("\x1b[35m███"));
  const recent = { ...snap, speed: 5 * 2 ** 20 };
  assert.match(renderBars(recent, 140), / 5\.00 MiB\/s .* ETA 0:00:10$/m);
  // a pause does not lower the speed: it is measured over running time
  const paused = { ...snap, elapsedMs: 6000, activeMs: 1000 };
  assert.match(renderBars(paused, 140), / 50\.0 MiB\/s 0:00:06 ETA 0:00:01$/m);
});

Deno.test("an unknown total pulses, and clock shows H:MM:SS", () => {
  assert.equal(pulse(8, 0), "██░░░░░░");
  assert.notEqual(pulse(8, 0), pulse(8, 240));
  assert.equal(clock(3_723_000), "1:02:03");
  assert.equal(clock(-5), "0:00:00");
});

Deno.test("renderLine gives one plain log line", () => {
  assert.match(renderLine(snap), /^progress 50\.0% .* entries 5\/10 /);
});

Deno.test("renderBars and renderLine mark totals still growing, with the ETA as a lower bound", () => {
  const scanning = { ...snap, scanning: true };
  assert.match(renderBars(scanning, 140), / 50% 50\.0 MiB\/100 MiB\+ .* ETA ≥0:00:01/);
  assert.match(renderLine(scanning), /\/100 MiB\+ entries 5\/10\+ .* eta ≥0:00:01$/);
  assert.equal(rates(scanning).atLeast, true);
});

Deno.test("percent and ETA stay within 0-100% and at least 0 for any counters", () => {
  // far more done than the total (the numbers a highly compressed archive once showed)
  const over = {
    ...snap,
    bytesDone: 38 * 2 ** 20,
    bytesTotal: 6640,
    currentDone: 9,
    currentTotal: 3,
  };
  const [l1, l2] = renderBars(over, 100).split("\n");
  assert.match(l1, / 100% .* finishing…$/, "all read: what is left is the end of the output");
  assert.match(l2, / 100% /);
  assert.match(renderLine(over), /^progress 100\.0% .* eta -:--:--$/);
  for (const [done, total] of [[0, 0], [5, 0], [-1, 10], [1e18, 1], [NaN, 5]]) {
    const s = { ...snap, bytesDone: done, bytesTotal: total };
    const pct = Number(/(\d+)%/.exec(renderBars(s, 100))![1]);
    assert.ok(pct >= 0 && pct <= 100, `${done}/${total}: ${pct}%`);
    const eta = rates(s).etaMs;
    assert.ok(Number.isNaN(eta) || eta >= 0, `${done}/${total}: eta ${eta}`);
  }
});

Deno.test("after the last byte is read, the ETA says finishing", () => {
  const done = { ...snap, bytesDone: snap.bytesTotal };
  assert.match(renderBars(done, 140).split("\n")[0], / 100% .* finishing…$/);
  assert.match(renderBars({ ...done, scanning: true }, 140).split("\n")[0], /ETA/);
});
