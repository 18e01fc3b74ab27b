import assert from "node:assert/strict";
import { sparkline } from "./sparkline.ts";

Deno.test("sparkline scales from zero to the largest value, one character each", () => {
  assert.equal(sparkline([8, 8, 8, 1]), "███▁");
  assert.equal(sparkline([0, 0]), "▁▁");
  assert.equal(sparkline([]), "");
  assert.equal(sparkline([100, 50, 25, 12]), "█▄▂▁");
});
