import assert from "node:assert/strict";
import { checkSparse, paxSparse } from "./sparse.ts";
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
