import assert from "node:assert/strict";
import { ByteSource } from "./byte_source.ts";

Deno.test("ByteSource reads exact amounts across chunk boundaries and tracks the offset", async () => {
  const s = new ByteSource(
    ReadableStream.from([new Uint8Array([1, 2]), new Uint8Array([3, 4, 5])]),
  );
  assert.deepEqual([...(await s.readExact(3))], [1, 2, 3]);
  assert.equal(s.offset, 3);
  assert.equal(await s.skip(10), 2);
  assert.equal((await s.readExact(1)).length, 0);
});
