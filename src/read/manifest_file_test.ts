import assert from "node:assert/strict";
import { manifestPathOf, offsetsManifest } from "./manifest_file.ts";

Deno.test("offsetsManifest gives a manifest with offsets, counts its bytes, and null for the rest", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const write = (name: string, text: string) => {
      Deno.writeTextFileSync(manifestPathOf(`${dir}/${name}`), text);
      return `${dir}/${name}`;
    };
    const good = JSON.stringify({
      archive: "a.tar.zst",
      files: {},
      offsets: { "a/": 0, "a/b": 512 },
    });
    let counted = 0;
    const m = await offsetsManifest(write("a.tar.zst", good), undefined, (n) => (counted += n));
    assert.deepEqual(m?.offsets, { "a/": 0, "a/b": 512 });
    assert.equal(counted, good.length);
    assert.equal(await offsetsManifest(write("b.tar.zst", '{"files":{}}')), null);
    assert.equal(await offsetsManifest(write("c.tar.zst", "not json")), null);
    assert.equal(await offsetsManifest(`${dir}/none.tar.zst`), null);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
