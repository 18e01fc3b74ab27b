import assert from "node:assert/strict";
import { WriteWindow } from "./write_window.ts";

/**
 * Acks for `rounds` rounds from a path that takes `path` ms plus `service` ms a write,
 * with writes served one at a time: a write waits behind the others in flight once the
 * path is full (path / service writes fill it).
 */
function _drive(w: WriteWindow, path: number, service: number, rounds: number): number[] {
  const sizes: number[] = [];
  const inPath = Math.max(1, Math.floor(path / service));
  w.acked(path + service); // the first write, alone on the path
  for (let r = 0; r < rounds; r++) {
    const queued = Math.max(0, w.size - inPath);
    const n = w.size;
    w.waited();
    for (let i = 0; i < n; i++) w.acked(path + service * (1 + queued));
    sizes.push(w.size);
  }
  return sizes;
}

Deno.test("a near link keeps the window small", () => {
  const w = new WriteWindow({ initial: 8 });
  const sizes = _drive(w, 0.1, 1, 20);
  assert.deepEqual(sizes.slice(0, 6), [9, 8, 7, 6, 5, 4]);
  assert.equal(sizes.at(-1), 4);
});

Deno.test("a far link grows the window to its bound", () => {
  const w = new WriteWindow();
  assert.equal(_drive(w, 20, 1, 20).at(-1), 16);
});

Deno.test("the window stops growing once writes queue", () => {
  const w = new WriteWindow({ max: 64 });
  const sizes = _drive(w, 8, 1, 60); // 8 writes fill the path
  assert.equal(Math.max(...sizes.slice(-20)) <= 8 + 4, true);
  assert.equal(Math.min(...sizes.slice(-20)) >= 8, true);
});

Deno.test("the window grows only when the upload waited for it", () => {
  const w = new WriteWindow();
  for (let i = 0; i < 12; i++) w.acked(20);
  assert.equal(w.size, 4);
  w.waited();
  for (let i = 0; i < 4; i++) w.acked(20);
  assert.equal(w.size, 5);
});

Deno.test("the window never shrinks below its least", () => {
  const w = new WriteWindow({ initial: 8, min: 2, high: 1 });
  w.acked(1);
  for (let i = 0; i < 40; i++) w.acked(100);
  assert.equal(w.size, 2);
});
