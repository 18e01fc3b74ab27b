import assert from "node:assert/strict";
import { relabelErrors } from "./_member.ts";

Deno.test("relabelErrors passes chunks and the result through, relabelling the member's errors", async () => {
  async function* member(fail: boolean): AsyncGenerator<Uint8Array, string> {
    yield new Uint8Array([1]);
    if (fail) throw new Error("inflate: bad code");
    yield new Uint8Array([2, 3]);
    return "rest";
  }
  const seen: number[] = [];
  const out = relabelErrors(member(false), () => new Error("never"), (c) => seen.push(c.length));
  const got: number[] = [];
  let r = await out.next();
  while (!r.done) {
    got.push(...r.value);
    r = await out.next();
  }
  assert.deepEqual([got, seen, r.value], [[1, 2, 3], [1, 2], "rest"]);

  const failing = relabelErrors(
    member(true),
    (e) => new RangeError(`gzip: ${(e as Error).message}`),
  );
  await failing.next();
  await assert.rejects(
    failing.next(),
    (e) => e instanceof RangeError && e.message === "gzip: inflate: bad code",
  );
});
