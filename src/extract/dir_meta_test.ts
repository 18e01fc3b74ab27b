import assert from "node:assert/strict";
import { applyDirMeta } from "./dir_meta.ts";

Deno.test("applyDirMeta gives directories their mode and time, and passes over the rest", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${dir}/d`);
    Deno.writeTextFileSync(`${dir}/f`, "");
    Deno.symlinkSync("d", `${dir}/l`);
    const meta = { mode: 0o750, mtime: 1_500_000_000, uid: -1, gid: -1 };
    const f = Deno.statSync(`${dir}/f`);
    applyDirMeta([[`${dir}/d`, meta], [`${dir}/f`, meta], [`${dir}/l`, meta], [
      `${dir}/gone`,
      meta,
    ]], {
      chown: false,
    });
    const d = Deno.statSync(`${dir}/d`);
    assert.equal(d.mode! & 0o777, 0o750);
    assert.equal(d.mtime!.getTime(), 1_500_000_000_000);
    assert.deepEqual(Deno.statSync(`${dir}/f`).mode, f.mode); // not a directory: untouched
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
