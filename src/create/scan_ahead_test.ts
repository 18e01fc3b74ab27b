import assert from "node:assert/strict";
import { ProgressState } from "../progress/progress_state.ts";
import { makeEntry } from "../tar/entry.ts";
import type { PlannedEntry } from "./plan.ts";
import { countedAhead } from "./scan_ahead.ts";

function* walk(n: number, walked: { count: number }): Generator<PlannedEntry> {
  for (let i = 0; i < n; i++) {
    walked.count++;
    yield { entry: makeEntry({ path: `f${i}`, type: "file", size: 10 }), fsPath: `/x/f${i}` };
  }
}

Deno.test("countedAhead knows the totals within the first eighth of the run when it may walk ahead", () => {
  const progress = new ProgressState();
  const walked = { count: 0 };
  const it = countedAhead(walk(9000, walked), progress, 65_536);
  let taken = 0;
  while (progress.scanning || taken === 0) {
    if (it.next().done) break;
    taken++;
  }
  assert.ok(taken <= 9000 / 8 + 1, `the walk ended after ${taken} entries were taken`);
  assert.deepEqual([progress.entriesTotal, progress.bytesTotal], [9000, 90_000]);
  const rest = [...it].map((p) => p.entry.path);
  assert.equal(taken + rest.length, 9000, "every entry still comes out");
  assert.equal(rest[0], `f${taken}`, "in order");
});

Deno.test("countedAhead walks no further than asked without a lookahead, or beyond its bound", () => {
  const walked = { count: 0 };
  const it = countedAhead(walk(100, walked), new ProgressState(), 0);
  it.next();
  it.next();
  assert.equal(walked.count, 2);
  const bounded = { count: 0 };
  const b = countedAhead(walk(100_000, bounded), new ProgressState(), 50);
  for (let i = 0; i < 1000; i++) b.next();
  assert.ok(bounded.count <= 1000 + 50 + 8, `${bounded.count} walked for 1000 taken`);
});
