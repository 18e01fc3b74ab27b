import assert from "node:assert/strict";
import { SftpStore } from "./sftp_store.ts";
import { OutputExistsError } from "../../sink/atomic_file.ts";
import { sftp } from "../../../tests/_sftp.ts";
import { withEnv } from "../../../tests/_helpers.ts";

Deno.test({
  name: "SftpStore puts through a temporary name, reads ranges, lists, stats and removes",
  ignore: sftp === null,
  fn: () =>
    withEnv(sftp!.env, async () => {
      const dir = Deno.makeTempDirSync();
      const store = new SftpStore({ host: "sftp-test" });
      try {
        const big = crypto.getRandomValues(new Uint8Array(60000));
        const data = new Uint8Array([...big, ...big, ...big]); // several pieces in flight
        await store.put(`${dir}/a.bin`, data);
        await assert.rejects(store.put(`${dir}/a.bin`, new Uint8Array(1)), OutputExistsError);
        assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.bin"]);
        const { size, chunks } = await store.read(`${dir}/a.bin`, 70000, 100000);
        const parts: number[] = [];
        for await (const c of chunks) parts.push(...c);
        assert.equal(size, data.length);
        assert.deepEqual(new Uint8Array(parts), data.subarray(70000, 170000));
        assert.deepEqual((await store.list(`${dir}/a`)).map((o) => o.key), [`${dir}/a.bin`]);
        assert.equal((await store.stat(`${dir}/a.bin`))?.size, data.length);
        assert.equal(await store.stat(`${dir}/none`), null);
        assert.equal(await store.stat(dir), null, "a directory is not an object");
        await store.remove(`${dir}/a.bin`);
        await store.remove(`${dir}/a.bin`); // gone: not an error
        assert.deepEqual(await store.list(`${dir}/`), []);
      } finally {
        await (await store.client()).end();
        Deno.removeSync(dir, { recursive: true });
      }
    }),
});
