import assert from "node:assert/strict";
import { EventLoopTurns } from "./event_loop_turns.ts";

Deno.test("EventLoopTurns.take lets a due timer run inside a loop of synchronous work", async () => {
  let fired = 0;
  const timer = setInterval(() => fired++, 20);
  try {
    const turns = new EventLoopTurns(10);
    const start = performance.now();
    while (performance.now() - start < 300) {
      // busy, as the encoder is between its awaits of already-resolved promises
      const t = performance.now();
      while (performance.now() - t < 2) { /* work */ }
      if (turns.due()) await turns.take();
      else await Promise.resolve();
    }
  } finally {
    clearInterval(timer);
  }
  assert.ok(fired >= 5, `the interval ran ${fired} times in 300 ms`);
});

Deno.test("EventLoopTurns.due is true once the interval has passed since the last turn", async () => {
  let now = 100;
  const turns = new EventLoopTurns(50, () => now);
  now = 149;
  assert.equal(turns.due(), false);
  now = 150;
  assert.equal(turns.due(), true);
  await turns.take();
  assert.equal(turns.due(), false);
});
