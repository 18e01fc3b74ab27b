import assert from "node:assert/strict";
import {
  encodeSeekTable,
  framesFor,
  parseSeekTable,
  SEEK_FOOTER,
  seekTableLength,
} from "./seek_table.ts";

const frames = [
  { compressed: 100, decompressed: 1000 },
  { compressed: 50, decompressed: 1000 },
  { compressed: 70, decompressed: 500 },
];

Deno.test("a seek table round-trips, and its footer says how long it is", () => {
  const t = encodeSeekTable(frames);
  assert.equal(t.length, 8 + 3 * 8 + SEEK_FOOTER);
  assert.equal(seekTableLength(t.subarray(t.length - SEEK_FOOTER)), t.length);
  assert.deepEqual(parseSeekTable(t), frames);
  // the layout of zstd's contrib/seekable_format: skippable magic, then the seekable magic last
  assert.deepEqual([...t.subarray(0, 4)], [0x5e, 0x2a, 0x4d, 0x18]);
  assert.deepEqual([...t.subarray(t.length - 4)], [0xb1, 0xea, 0x92, 0x8f]);
});

Deno.test("a stream without a seek table is told apart from one with it", () => {
  assert.equal(seekTableLength(new Uint8Array(SEEK_FOOTER)), null);
  assert.equal(parseSeekTable(new Uint8Array(40)), null);
});

Deno.test("framesFor finds the frames that hold each range, merging shared and adjacent ones", () => {
  assert.deepEqual(framesFor(frames, [[1500, 1600]]), [{ at: 100, length: 50, from: 1000 }]);
  assert.deepEqual(framesFor(frames, [[900, 1100]]), [{ at: 0, length: 150, from: 0 }]);
  assert.deepEqual(framesFor(frames, [[2100, 2200], [10, 20]]), [
    { at: 0, length: 100, from: 0 },
    { at: 150, length: 70, from: 2000 },
  ]);
  assert.deepEqual(framesFor(frames, [[10, 20], [1000, 1010]]), [{ at: 0, length: 150, from: 0 }]);
});
