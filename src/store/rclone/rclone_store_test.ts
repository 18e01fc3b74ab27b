import assert from "node:assert/strict";
import { RcloneStore } from "./rclone_store.ts";
import { OutputExistsError } from "../../sink/atomic_file.ts";
import { has, withEnv } from "../../../tests/_helpers.ts";

const LOCAL = { RCLONE_CONFIG: "/dev/null", RCLONE_CONFIG_LOC_TYPE: "local" };

Deno.test({
  name: "RcloneStore puts through a temporary name, reads ranges, lists, stats and removes",
  ignore: !has("rclone"),
  fn: () =>
    withEnv(LOCAL, async () => {
      const dir = Deno.makeTempDirSync();
      try {
        const store = new RcloneStore("loc");
        await store.put(`${dir}/a.bin`, new TextEncoder().encode("hello world"));
        await assert.rejects(store.put(`${dir}/a.bin`, new Uint8Array(1)), OutputExistsError);
        assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.bin"]);
        const { size, chunks } = await store.read(`${dir}/a.bin`, 6, 3);
        let text = "";
        for await (const c of chunks) text += new TextDecoder().decode(c);
        assert.deepEqual([size, text], [11, "wor"]);
        assert.deepEqual((await store.list(`${dir}/a`)).map((o) => o.key), [`${dir}/a.bin`]);
        assert.equal((await store.stat(`${dir}/a.bin`))?.size, 11);
        assert.equal(await store.stat(`${dir}/none`), null);
        await store.remove(`${dir}/a.bin`);
        await store.remove(`${dir}/a.bin`); // gone: not an error
        assert.deepEqual(await store.list(`${dir}/`), []);
      } finally {
        Deno.removeSync(dir, { recursive: true });
      }
    }),
});
