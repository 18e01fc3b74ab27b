import assert from "node:assert/strict";
import { bar, rates, renderBars, renderLine } from "./render.ts";

const snap = {
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

Deno.test("renderBars draws an overall and a current-file line within the width", () => {
  const [l1, l2] = renderBars(snap, 100).split("\n");
  assert.match(l1, /^Archiving .* 50% 50\.0 MiB\/100 MiB 50\.0 MiB\/s ETA 1\.00s$/);
  assert.match(l2, /25% src\/big\.bin$/);
  assert.ok(l1.length <= 100);
});

Deno.test("renderLine gives one plain log line", () => {
  assert.match(renderLine(snap), /^progress 50\.0% .* entries 5\/10 /);
});

Deno.test("renderBars and renderLine mark totals still growing, with the ETA as a lower bound", () => {
  const scanning = { ...snap, scanning: true };
  assert.match(renderBars(scanning, 100), / 50% 50\.0 MiB\/100 MiB\+ 50\.0 MiB\/s ETA ≥1\.00s/);
  assert.match(renderLine(scanning), /\/100 MiB\+ entries 5\/10\+ .* eta ≥1\.00s$/);
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
  assert.match(l1, / 100% .* ETA --$/);
  assert.match(l2, / 100% /);
  assert.match(renderLine(over), /^progress 100\.0% .* eta --$/);
  for (const [done, total] of [[0, 0], [5, 0], [-1, 10], [1e18, 1], [NaN, 5]]) {
    const s = { ...snap, bytesDone: done, bytesTotal: total };
    const pct = Number(/(\d+)%/.exec(renderBars(s, 100))![1]);
    assert.ok(pct >= 0 && pct <= 100, `${done}/${total}: ${pct}%`);
    const eta = rates(s).etaMs;
    assert.ok(Number.isNaN(eta) || eta >= 0, `${done}/${total}: eta ${eta}`);
  }
});
