import assert from "node:assert/strict";
import { concatBytes } from "./bytes.ts";

Deno.test("concatBytes joins parts in order and returns a lone part as it is", () => {
  assert.deepEqual(
    concatBytes([new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]),
    new Uint8Array([1, 2, 3]),
  );
  const one = new Uint8Array([9]);
  assert.equal(concatBytes([one]), one);
  assert.equal(concatBytes([]).length, 0);
});
