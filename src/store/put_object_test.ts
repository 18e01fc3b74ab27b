import assert from "node:assert/strict";
import { putThrough } from "./put_object.ts";
import type { ObjectWriter, Store } from "./store.ts";

function fakeStore(fail: boolean, log: string[]): Store {
  const writer: ObjectWriter = {
    location: "x",
    writeAll: async (chunks) => {
      for await (const c of chunks) log.push(`write ${c.length}`);
      if (fail) throw new Error("disk full");
      return 3;
    },
    commit: () => Promise.resolve(void log.push("commit")),
    discard: () => Promise.resolve(void log.push("discard")),
  };
  return { create: () => Promise.resolve(writer) } as unknown as Store;
}

Deno.test("putThrough writes, then commits; a failed write is discarded and thrown", async () => {
  const ok: string[] = [];
  await putThrough(fakeStore(false, ok), "k", new Uint8Array(3));
  assert.deepEqual(ok, ["write 3", "commit"]);
  const failed: string[] = [];
  await assert.rejects(putThrough(fakeStore(true, failed), "k", new Uint8Array(3)), /disk full/);
  assert.deepEqual(failed, ["write 3", "discard"]);
});
