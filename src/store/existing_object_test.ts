import assert from "node:assert/strict";
import { OutputExistsError } from "../sink/atomic_file.ts";
import { refuseExisting } from "./existing_object.ts";
import { LocalStore } from "./local_store.ts";

Deno.test("refuseExisting refuses an existing key, discarding first, and lets force or a free key by", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const store = new LocalStore();
    const taken = `${dir}/a.tar`;
    Deno.writeTextFileSync(taken, "a");
    let discarded = 0;
    const discard = () => Promise.resolve(void discarded++);
    await assert.rejects(
      refuseExisting(store, taken, false, discard),
      (e) => e instanceof OutputExistsError && e.message.includes(taken),
    );
    assert.equal(discarded, 1);
    await refuseExisting(store, taken, true, discard);
    await refuseExisting(store, `${dir}/free.tar`, false, discard);
    assert.equal(discarded, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
