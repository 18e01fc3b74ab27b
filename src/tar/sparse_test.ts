import assert from "node:assert/strict";
import { checkSparse, paxSparse, sparsePieces } from "./sparse.ts";
import { makeEntry } from "./entry.ts";

Deno.test("paxSparse reads a 0.1 map and says the 1.0 map is in the data", () => {
  const e = makeEntry({ path: "s", type: "file" });
  const v01 = new Map([["GNU.sparse.size", "100"], ["GNU.sparse.map", "0,4,96,4"]]);
  assert.equal(paxSparse(e, v01, [...v01], 0, 100), false);
  assert.deepEqual(e.sparse, [{ offset: 0, length: 4 }, { offset: 96, length: 4 }]);
  assert.equal(e.size, 100);
  const f = makeEntry({ path: "t", type: "file" });
  const v10 = new Map([["GNU.sparse.major", "1"], ["GNU.sparse.minor", "0"], [
    "GNU.sparse.realsize",
    "100",
  ]]);
  assert.equal(paxSparse(f, v10, [...v10], 0, 100), true);
});

Deno.test("checkSparse refuses regions past the size or beyond the stored data", () => {
  const e = makeEntry({ path: "s", type: "file", size: 10 });
  e.sparse = [{ offset: 8, length: 4 }];
  assert.throws(() => checkSparse(e, 4, 0));
});

Deno.test("sparsePieces cuts the stored data at the regions, across chunk boundaries", async () => {
  const enc = new TextEncoder();
  const body = ReadableStream.from([enc.encode("abc"), enc.encode("defg")])[Symbol.asyncIterator]();
  const regions = [{ offset: 10, length: 2 }, { offset: 100, length: 5 }];
  const got = [];
  for await (const p of sparsePieces(regions, body, () => new Error("short"))) {
    got.push([p.offset, new TextDecoder().decode(p.bytes), p.first]);
  }
  assert.deepEqual(got, [[10, "ab", true], [100, "c", false], [101, "defg", true]]);
  const shortBody = ReadableStream.from([enc.encode("ab")])[Symbol.asyncIterator]();
  const all = async () => {
    for await (const _ of sparsePieces(regions, shortBody, () => new Error("short"))) { /* */ }
  };
  await assert.rejects(all, /short/);
});
