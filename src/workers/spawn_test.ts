import assert from "node:assert/strict";
import { spawnWorker, waitOrGiveUp } from "./spawn.ts";

Deno.test("spawnWorker runs source text as a module Worker, the same text twice", async () => {
  const source = `self.onmessage = (e) => self.postMessage(e.data * 2);`;
  const answers = await Promise.all([3, 4].map((n) => {
    const w = spawnWorker(source);
    return new Promise<number>((resolve) => {
      w.onmessage = (e) => {
        w.terminate();
        resolve(e.data);
      };
      w.postMessage(n);
    }).finally(() => w.terminate());
  }));
  assert.deepEqual(answers, [6, 8]);
});

Deno.test("waitOrGiveUp returns on a change and gives up after a minute of none", () => {
  const a = new Int32Array(new SharedArrayBuffer(4));
  const idle = { steps: 0 };
  waitOrGiveUp(a, 0, 1, "the thread", idle); // not 1 now: returns at once
  assert.equal(idle.steps, 0);
  idle.steps = 59; // a minute of waits without progress, but for the last second
  assert.throws(() => waitOrGiveUp(a, 0, 0, "the thread", idle), /the thread stopped responding/);
});
