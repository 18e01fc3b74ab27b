import assert from "node:assert/strict";
import { LocalStore } from "./local_store.ts";
import { OutputExistsError } from "../sink/atomic_file.ts";

Deno.test("LocalStore writes atomically, reads from an offset, lists a prefix and removes", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const store = new LocalStore();
    const w = await store.create(`${dir}/a.tar`);
    assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name === "a.tar"), []);
    await w.writeAll((async function* () {
      yield new TextEncoder().encode("hello world");
    })());
    await w.commit();
    await store.put(`${dir}/a.tar.manifest.json`, new TextEncoder().encode("{}"));
    await store.put(`${dir}/b.tar`, new Uint8Array(3));
    const { size, chunks } = await store.read(`${dir}/a.tar`, 6);
    let text = "";
    for await (const c of chunks) text += new TextDecoder().decode(c);
    assert.deepEqual([size, text], [11, "world"]);
    assert.deepEqual((await store.list(`${dir}/a.`)).map((o) => o.key), [
      `${dir}/a.tar`,
      `${dir}/a.tar.manifest.json`,
    ]);
    assert.equal((await store.stat(`${dir}/b.tar`))?.size, 3);
    await store.remove(`${dir}/b.tar`);
    await store.remove(`${dir}/b.tar`); // gone: not an error
    assert.equal(await store.stat(`${dir}/b.tar`), null);
    await assert.rejects(store.put(`${dir}/a.tar`, new Uint8Array(1)), OutputExistsError);
    await assert.rejects(store.create(`${dir}/a.tar`), OutputExistsError);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("LocalStore lists nothing under a directory that does not exist", async () => {
  assert.deepEqual(await new LocalStore().list("/nonexistent-dir-of-tarz/x"), []);
});
