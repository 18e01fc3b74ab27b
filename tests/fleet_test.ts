/**
 * A fleet: three machines (three configs with their own `defaults.host`) back up into one
 * S3 bucket with `{host}` in the template. Retention keeps each machine's own archives, and
 * one machine restores another's with `restore --host`.
 */
import assert from "node:assert/strict";
import { snapshot, tarz, tempDir } from "./_helpers.ts";
import { newBucket, s3 } from "./_s3.ts";

Deno.test({
  name: "three hosts share a bucket: retention per host, and restore --host brings back another's",
  ignore: s3 === null,
  fn: async () => {
    const { name, store } = await newBucket(s3!);
    const env = s3!.env;
    const machines: Record<string, string> = {};
    for (const host of ["alpha", "beta", "gamma"]) {
      const d = tempDir();
      Deno.mkdirSync(`${d}/home`);
      Deno.writeTextFileSync(`${d}/home/who.txt`, `${host}\n`);
      Deno.writeTextFileSync(
        `${d}/tarz.config.ts`,
        `export default { defaults: { host: "${host}" }, jobs: { home: { sources: ["home"], output: "s3://${name}/{host}/{job}-{date}.tar.zst", retention: { keepLast: 1 } } } };`,
      );
      machines[host] = d;
      for (const at of ["2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z"]) {
        const r = await tarz(["backup"], { cwd: d, env: { ...env, TARZ_NOW: at } });
        assert.equal(r.code, 0, r.stderr);
      }
    }
    const keys = (await store.list("")).map((o) => o.key).filter((k) => k.endsWith(".zst"));
    assert.deepEqual(keys, [
      "alpha/home-2026-01-02.tar.zst",
      "beta/home-2026-01-02.tar.zst",
      "gamma/home-2026-01-02.tar.zst",
    ]);
    const r = await tarz(["restore", "home", "-C", `${machines.alpha}/beta`, "--host", "beta"], {
      cwd: machines.alpha,
      env,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(snapshot(`${machines.alpha}/beta/home`), snapshot(`${machines.beta}/home`));
  },
});
