import assert from "node:assert/strict";
import { displayWidth, rowsAt } from "./reflow.ts";

Deno.test("displayWidth counts cells: colour codes none, CJK two", () => {
  assert.equal(displayWidth("\x1b[32m⠋\x1b[0m Archiving"), 11);
  assert.equal(displayWidth("日本.txt"), 8);
});

Deno.test("rowsAt: a line drawn at 120 columns takes two rows at 60, three at 45", () => {
  const frame = `${"x".repeat(118)}\n${"y".repeat(40)}`;
  assert.equal(rowsAt(frame, 120), 2);
  assert.equal(rowsAt(frame, 60), 3);
  assert.equal(rowsAt(frame, 45), 4);
  assert.equal(rowsAt("", 80), 1, "an empty line still takes a row");
});
