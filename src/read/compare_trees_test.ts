import assert from "node:assert/strict";
import { compareTrees } from "./compare_trees.ts";

Deno.test("compareTrees names each kind of difference and ignores paths only on the other side", async () => {
  const a = Deno.makeTempDirSync();
  const b = Deno.makeTempDirSync();
  for (const root of [a, b]) {
    Deno.mkdirSync(`${root}/d`);
    Deno.writeTextFileSync(`${root}/d/same`, "same");
    Deno.utimeSync(`${root}/d/same`, 100, 100);
  }
  Deno.writeTextFileSync(`${a}/d/size`, "abc");
  Deno.writeTextFileSync(`${b}/d/size`, "abcd");
  Deno.writeTextFileSync(`${a}/gone`, "x");
  Deno.symlinkSync("one", `${a}/link`);
  Deno.symlinkSync("two", `${b}/link`);
  Deno.writeTextFileSync(`${a}/mode`, "m", { mode: 0o600 });
  Deno.writeTextFileSync(`${b}/mode`, "m", { mode: 0o644 });
  Deno.chmodSync(`${a}/mode`, 0o600);
  Deno.chmodSync(`${b}/mode`, 0o644);
  Deno.writeTextFileSync(`${b}/only-on-disk`, "excluded by a rule");
  assert.deepEqual(await compareTrees(a, b), [
    { path: "d/size", what: "size: restored 3, disk 4" },
    { path: "gone", what: "missing on disk" },
    { path: "link", what: "link target: restored one, disk two" },
    { path: "mode", what: "mode: restored 600, disk 644" },
  ]);
});
