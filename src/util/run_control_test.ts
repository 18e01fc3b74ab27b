import assert from "node:assert/strict";
import { CancelledError, RunControl } from "./run_control.ts";

Deno.test("RunControl holds a paused checkpoint until resume", async () => {
  const c = new RunControl();
  c.pause();
  let passed = false;
  const p = c.checkpoint().then(() => (passed = true));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(passed, false);
  c.resume();
  await p;
  assert.equal(passed, true);
});

Deno.test("RunControl cancel releases a paused checkpoint with CancelledError", async () => {
  const c = new RunControl();
  c.pause();
  const p = c.checkpoint();
  c.cancel("interrupted");
  await assert.rejects(p, CancelledError);
  assert.equal(c.cancelled, true);
});
