import assert from "node:assert/strict";
import { type WorkerScope, workerSource } from "./worker_source.ts";
import { spawnWorker } from "./spawn.ts";

function triple(n: number): number {
  return n * 3;
}

function main(self: WorkerScope, h: { triple: typeof triple }): void {
  self.onmessage = (e: MessageEvent<number>) => self.postMessage(h.triple(e.data));
}

Deno.test("workerSource ships a typed entry and its helpers, and the Worker runs them", async () => {
  const w = spawnWorker(workerSource(main, { triple }));
  try {
    const got = await new Promise<number>((resolve) => {
      w.onmessage = (e) => resolve(e.data);
      w.postMessage(5);
    });
    assert.equal(got, 15);
  } finally {
    w.terminate();
  }
});
