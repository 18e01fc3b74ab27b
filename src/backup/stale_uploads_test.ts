import assert from "node:assert/strict";
import type { LoadedConfig } from "../config/load_config.ts";
import { staleUploads } from "./stale_uploads.ts";
import { newBucket, s3 } from "../../tests/_s3.ts";
import { withEnv } from "../../tests/_helpers.ts";

function loaded(output: string): LoadedConfig {
  return {
    file: "/c/tarz.config.ts",
    dir: "/c",
    config: { jobs: { j: { sources: ["s"], output } } },
  };
}

Deno.test("staleUploads finds nothing for a local output: its temporary files are the sink's", async () => {
  const l = loaded("out/{job}.tar");
  assert.deepEqual(await staleUploads(l, "j", l.config.jobs.j), []);
});

Deno.test({
  name: "staleUploads aborts only the job's own uploads, and only those over a day old",
  ignore: s3 === null,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    for (const key of ["b/j-1.tar", "b/k-1.tar", "b/deeper/j-1.tar"]) {
      const u = await store.create(key);
      await u.writeAll((async function* () {
        yield new Uint8Array(9 << 20);
      })());
    }
    const l = loaded(`s3://${name}/b/{job}-1.tar`);
    const env = Object.fromEntries(Object.entries(s3!.env).filter(([, v]) => v !== ""));
    await withEnv(env, async () => {
      assert.deepEqual(await staleUploads(l, "j", l.config.jobs.j), [], "not yet a day old");
      const later = new Date(Date.now() + 2 * 86_400_000);
      const dry = await staleUploads(l, "j", l.config.jobs.j, { now: later, dryRun: true });
      assert.deepEqual(dry.map((u) => u.path), [`s3://${name}/b/j-1.tar`]);
      assert.equal((await store.pendingUploads("")).length, 3);
      await staleUploads(l, "j", l.config.jobs.j, { now: later });
      assert.deepEqual((await store.pendingUploads("")).map((u) => u.key).sort(), [
        "b/deeper/j-1.tar",
        "b/k-1.tar",
      ]);
    });
  },
});

Deno.test("staleUploads removes the job's temporary files on an rclone remote once a day old", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const mine = `${dir}/.j-1.tar.tarz-abcdef-4242-0123abcd.partial`;
    const other = `${dir}/.k-1.tar.tarz-abcdef-4242-0123abcd.partial`;
    for (const p of [mine, other]) {
      Deno.writeTextFileSync(p, "partial");
      Deno.utimeSync(p, new Date("2026-01-01"), new Date("2026-01-01"));
    }
    const l = loaded(`rclone:loc:${dir}/{job}-1.tar`);
    const env = { RCLONE_CONFIG: "/dev/null", RCLONE_CONFIG_LOC_TYPE: "local" };
    await withEnv(env, async () => {
      const found = await staleUploads(l, "j", l.config.jobs.j, { now: new Date("2026-01-03") });
      assert.deepEqual(found.map((f) => f.path), [`rclone:loc:${mine}`]);
    });
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [other.slice(dir.length + 1)]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
