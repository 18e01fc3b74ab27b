import assert from "node:assert/strict";
import { newBucket, s3 } from "../../../tests/_s3.ts";

Deno.test({
  name: "S3Store lists past a page, stats objects, and lists and aborts a pending upload",
  ignore: s3 === null,
  fn: async () => {
    const { store } = await newBucket(s3!);
    for (let i = 0; i < 1005; i += 201) {
      await store.put(`p/${String(i).padStart(4, "0")}`, new Uint8Array([i & 255]));
    }
    const keys = (await store.list("p/", 2)).map((o) => o.key); // three pages
    assert.deepEqual(keys, ["p/0000", "p/0201", "p/0402", "p/0603", "p/0804"]);
    assert.equal((await store.stat("p/0201"))?.size, 1);
    assert.equal(await store.stat("p/none"), null);
    const upload = await store.create("big");
    await upload.writeAll((async function* () {
      yield new Uint8Array(9 << 20); // over one part: the multipart upload starts
    })());
    const pending = await store.pendingUploads("");
    assert.deepEqual(pending.map((u) => u.key), ["big"]);
    await store.abortUpload(pending[0]);
    assert.deepEqual(await store.pendingUploads(""), []);
    await upload.discard();
  },
});
