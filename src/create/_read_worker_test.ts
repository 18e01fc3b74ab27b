import assert from "node:assert/strict";
import { dropTaken, type FileList, READ_WORKER_SOURCE } from "./_read_worker.ts";

const list = (n: number, base = 0): FileList => ({
  paths: Array.from({ length: n }, (_, i) => `p${base + i}`),
  sizes: Array.from({ length: n }, (_, i) => base + i),
  base,
});

Deno.test("dropTaken drops taken files in batches and keeps every index in place", () => {
  const l = list(10_000);
  dropTaken(l, 4095);
  assert.equal(l.base, 0, "fewer than 4096 taken: nothing dropped yet");
  dropTaken(l, 5000);
  assert.deepEqual([l.base, l.paths[0], l.sizes[0], l.paths.length], [5000, "p5000", 5000, 5000]);
});

Deno.test("dropTaken keeps counting when files were taken beyond what the list holds", () => {
  // the encoder took 6,000 files while the worker had heard of only 4,100 of them
  const l = list(4100);
  dropTaken(l, 6000);
  assert.deepEqual([l.base, l.paths.length], [4100, 0]);
  // the next batch it hears of starts at index 4100, and lands there
  l.paths.push("p4100");
  l.sizes.push(4100);
  assert.equal(l.paths[4100 - l.base], "p4100");
});

Deno.test("the read worker's source runs its entry with dropTaken and readInto", () => {
  // the source text, run with a stand-in for the Worker's global scope
  const scope = {} as { onmessage?: unknown };
  new Function("self", READ_WORKER_SOURCE)(scope);
  assert.equal(typeof scope.onmessage, "function", "the entry set its message handler");
  assert.match(READ_WORKER_SOURCE, /"dropTaken": function dropTaken/);
  assert.match(READ_WORKER_SOURCE, /"readInto": function readInto/);
});
